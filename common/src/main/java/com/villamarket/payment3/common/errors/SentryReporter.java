package com.villamarket.payment3.common.errors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.http.HttpTransport;
import com.villamarket.payment3.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Reports an error to Sentry's store endpoint, parsed from a DSN
 * {@code https://<public key>@<host>/<project id>}. A small client of our own, so that no Sentry SDK
 * is loaded at start-up.
 */
public final class SentryReporter {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpTransport transport;
    private final URI storeUri;
    private final String publicKey;
    private final String environment;
    private final Clock clock;

    /** @throws IllegalArgumentException when the DSN is not of the shape above */
    public SentryReporter(HttpTransport transport, String dsn, String environment, Clock clock) {
        URI uri = URI.create(dsn);
        String userInfo = uri.getUserInfo();
        String path = uri.getPath() == null ? "" : uri.getPath();
        int slash = path.lastIndexOf('/');
        if (userInfo == null || uri.getHost() == null || slash < 0 || slash == path.length() - 1) {
            throw new IllegalArgumentException("SENTRY_DSN is not https://<key>@<host>/<project>");
        }
        String key = userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) : userInfo;
        String project = path.substring(slash + 1);
        String base = path.substring(0, slash);
        this.storeUri = URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + base + "/api/" + project + "/store/");
        this.publicKey = key;
        this.transport = transport;
        this.environment = environment;
        this.clock = clock;
    }

    /** Sends one event; throws {@link IOException} or a runtime exception when Sentry does not take it. */
    public void report(String functionName, String message, String errorType, Map<String, String> tags) throws IOException {
        ObjectNode event = Json.object();
        event.put("event_id", UUID.randomUUID().toString().replace("-", ""));
        event.put("timestamp", clock.instant().toString());
        event.put("level", "error");
        event.put("platform", "java");
        event.put("logger", functionName);
        event.put("environment", environment);
        event.putObject("message").put("formatted", message);
        ObjectNode exception = event.putObject("exception").putArray("values").addObject();
        exception.put("type", errorType);
        exception.put("value", message);
        ObjectNode tagNode = event.putObject("tags");
        tagNode.put("function", functionName);
        tags.forEach((k, v) -> {
            if (v != null) {
                tagNode.put(k, v);
            }
        });
        HttpTransport.HttpResponse response = transport.send("POST", storeUri, Map.of(
                "content-type", "application/json",
                "x-sentry-auth", "Sentry sentry_version=7, sentry_client=payment3-java/1.0, sentry_key=" + publicKey),
                Json.write(event), TIMEOUT, TIMEOUT);
        if (response.status() < 200 || response.status() >= 300) {
            throw new IOException("Sentry answered " + response.status());
        }
    }

    /** The endpoint events go to (no key in it). */
    public URI storeUri() {
        return storeUri;
    }
}
