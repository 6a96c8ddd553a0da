package com.villamarket.payment3.common.html;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** The pages a customer's browser is shown after a callback. Every value is escaped. */
public final class HtmlPages {

    private HtmlPages() {
    }

    /**
     * The page that sends the browser back to the shop at {@code target} with the query parameters
     * given (the Python stack's thank-you redirect).
     */
    public static String redirect(URI target, Map<String, String> query) {
        return redirect(target, query, "Payment Processing Complete", "Click below to return to the store:",
                "Click here to return to Villa Market");
    }

    /** The page that sends the browser to KBank's 3-D Secure page, where the customer confirms the payment with the bank. */
    public static String toThreeDSecure(URI target) {
        return redirect(target, Map.of(), "Confirm the payment with your bank", "Click below to continue:",
                "Click here to continue to your bank");
    }

    private static String redirect(URI target, Map<String, String> query, String heading, String intro, String link) {
        String safe = Html.escape(withQuery(target, query));
        return "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Refresh\" content=\"0; URL='" + safe + "'\">\n"
                + "<title>" + Html.escape(heading) + "</title>\n</head>\n<body>\n"
                + "<h2>" + Html.escape(heading) + "</h2>\n"
                + "<p>" + Html.escape(intro) + "</p>\n"
                + "<a href=\"" + safe + "\">" + Html.escape(link) + "</a>\n"
                + "</body>\n</html>\n";
    }

    /**
     * The page of a payment KBank has not confirmed yet: nothing failed, and the customer must not
     * pay again; the suite settles it when KBank does.
     */
    public static String pending(Map<String, String> fields) {
        StringBuilder page = new StringBuilder(512);
        page.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>Payment being confirmed</title>\n")
                .append("</head>\n<body>\n<h1>Payment being confirmed</h1>\n")
                .append("<p>The bank has not confirmed this payment yet. Please do not pay again: the order is updated ")
                .append("as soon as the bank confirms it.</p>\n");
        fields.forEach((label, value) -> page.append("<p>").append(Html.escape(label)).append(" is ")
                .append(Html.escape(value)).append("</p>\n"));
        return page.append("</body>\n</html>\n").toString();
    }

    /**
     * The QR callback's error page: what went wrong and the callback's fields, all escaped, plus a
     * reference that support can look up in the error log.
     *
     * @param fields shown in order, label to value; null values show empty
     */
    public static String error(String title, String reason, Map<String, String> fields, String reference) {
        StringBuilder page = new StringBuilder(512);
        page.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n</head>\n<body>\n<h1>")
                .append(Html.escape(title)).append("</h1>\n<p>error is ").append(Html.escape(reason)).append("</p>\n");
        fields.forEach((label, value) -> page.append("<p>").append(Html.escape(label)).append(" is ")
                .append(Html.escape(value)).append("</p>\n"));
        if (reference != null) {
            page.append("<p>reference is ").append(Html.escape(reference)).append("</p>\n");
        }
        return page.append("</body>\n</html>\n").toString();
    }

    /** Appends URL-encoded parameters to a URL that may already have a query. */
    public static String withQuery(URI target, Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&");
        query.forEach((k, v) -> joined.add(encode(k) + "=" + encode(v == null ? "" : v)));
        String base = target.toString();
        if (query.isEmpty()) {
            return base;
        }
        return base + (target.getRawQuery() == null ? "?" : "&") + joined;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
