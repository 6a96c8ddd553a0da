package com.villamarket.payment3.common.html;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.http.ApiResponses;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends a customer's browser back to the shop after a card payment: to the callback URL the shop
 * gave when its host is on the allow-list, else to the thank-you page. Never to anywhere else, so a
 * forged callback URL cannot make this an open redirect.
 */
public final class ResultRedirect {

    private final URI thankYouUrl;
    private final Set<String> allowedHosts;

    public ResultRedirect(URI thankYouUrl, Set<String> allowedHosts) {
        this.thankYouUrl = thankYouUrl;
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    /** The redirect of these settings: their thank-you URL and the callback hosts they allow. */
    public static ResultRedirect of(Config config) {
        return new ResultRedirect(config.thankYouUrl(), config.callbackAllowedHosts());
    }

    /** The page that redirects to the callback URL (if allowed) or the thank-you URL, with this query. */
    public APIGatewayProxyResponseEvent page(String callbackUrl, Map<String, String> query) {
        return ApiResponses.html(200, HtmlPages.redirect(target(callbackUrl), query));
    }

    /** Where the browser goes: the callback URL when it is an https URL on an allowed host, else the thank-you URL. */
    public URI target(String callbackUrl) {
        if (callbackUrl == null || callbackUrl.isBlank()) {
            return thankYouUrl;
        }
        try {
            URI uri = new URI(callbackUrl.trim());
            if ("https".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null
                    && allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Not a URL: the thank-you page.
        }
        return thankYouUrl;
    }
}
