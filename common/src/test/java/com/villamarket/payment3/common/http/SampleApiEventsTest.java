package com.villamarket.payment3.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.villamarket.payment3.testkit.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample event of an API function under events/ is read by {@link ApiGatewayEvent} (the suite's mapper)
 * as aws-lambda-java-tests' {@link EventLoader} reads it with the serializers Lambda's own runtime uses for
 * {@link APIGatewayProxyRequestEvent}: the same body, base64 flag, headers, request id, method, path and
 * authorizer; and the raw text is kept as it was.
 */
class SampleApiEventsTest {

    /** The functions behind API Gateway (template.yaml's Api events). */
    private static final List<String> API_FUNCTIONS = List.of("qr-callback", "card-token", "card-callback",
            "kbank-create-order", "qr-notify", "card-notify");

    static Stream<Path> apiSampleEvents() throws IOException {
        Stream<Path> all = Stream.empty();
        for (String function : API_FUNCTIONS) {
            try (Stream<Path> files = Files.list(RepoFiles.root().resolve("events").resolve(function))) {
                all = Stream.concat(all, files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream());
            }
        }
        return all;
    }

    @ParameterizedTest
    @MethodSource("apiSampleEvents")
    void readsAsTheEventsLibraryReadsIt(Path file) throws IOException {
        String raw = Files.readString(file);
        APIGatewayProxyRequestEvent library = EventLoader.loadApiGatewayRestEvent(file.toString());
        ApiGatewayEvent ours = ApiGatewayEvent.parse(raw);

        assertSame(raw, ours.raw());
        assertNotNull(library.getBody(), file + ": every sample has a body");
        assertEquals(library.getBody(), ours.body(), file.toString());
        assertEquals(Boolean.TRUE.equals(library.getIsBase64Encoded()), ours.base64Encoded(), file.toString());
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(library.getHeaders());
        assertEquals(headers, ours.headers(), file.toString());
        assertEquals(library.getHttpMethod(), ours.event().getHttpMethod(), file.toString());
        assertEquals(library.getPath(), ours.event().getPath(), file.toString());
        assertEquals(library.getRequestContext().getRequestId(), ours.requestId(), file.toString());
        assertEquals(library.getRequestContext().getAuthorizer(), ours.event().getRequestContext().getAuthorizer(),
                file.toString());
    }

    @ParameterizedTest
    @MethodSource("apiSampleEvents")
    void theSignedInUsersClaimsAreTheAuthorizers(Path file) throws IOException {
        APIGatewayProxyRequestEvent library = EventLoader.loadApiGatewayRestEvent(file.toString());
        ApiGatewayEvent ours = ApiGatewayEvent.parse(Files.readString(file));
        Map<String, Object> authorizer = library.getRequestContext().getAuthorizer();
        if (authorizer == null || !(authorizer.get("claims") instanceof Map<?, ?> claims)) {
            assertTrue(ours.claims().isEmpty(), file.toString());
            return;
        }
        claims.forEach((name, value) -> assertEquals(String.valueOf(value), ours.claims().get(name), file + " " + name));
    }
}
