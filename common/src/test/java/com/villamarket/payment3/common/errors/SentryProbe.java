package com.villamarket.payment3.common.errors;

import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.ApiHandler;
import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.http.ApiResponses;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.testkit.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One request through an API handler wired as in production ({@link Components#production}) with a
 * Sentry DSN set, run in a fresh JVM by {@link SentryLoadingTest}, which watches the classes it loads.
 *
 * <p>Usage: {@code SentryProbe succeed|fail NAME=VALUE...} (the function's environment).
 */
public final class SentryProbe extends ApiHandler {

    private SentryProbe(Components c, boolean fail) {
        super(SuiteFunction.QR_CALLBACK, c.platform().errorLogger(), event -> {
            // A DynamoDB read, as every function's happy path makes, through the production clients.
            c.tables().callbackErrorLog().find("no-such-error-id");
            if (!fail) {
                return ApiResponses.html(200, HtmlPages.error("Probe", "answered", Map.of(), "probe"));
            }
            return new LoggedErrorPages(c.platform().errorLogger(), "probe", "Probe").answer(event, ReceivedId.of("002500048744"), null, Map.of(),
                    new IllegalStateException("the probe failed on purpose"));
        });
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            env.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        Components components = Components.production(Config.from(env));
        SentryProbe handler = new SentryProbe(components, "fail".equals(args[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{\"body\":\"orderId=002500048744\",\"requestContext\":{}}"
                .getBytes(StandardCharsets.UTF_8)), out, new TestContext("probe"));
        System.out.println(out.toString(StandardCharsets.UTF_8));
        // As Lambda's runtime, do not wait for threads a library left behind.
        System.exit(0);
    }
}
