package com.villamarket.payment3.common.json;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The suite's one Jackson {@link ObjectMapper}, built once per container (when this class is first used, or
 * by {@code snapstart/Priming} before the snapshot), and what every function reads and writes JSON with:
 * unknown fields ignored, every JSON decimal an exact {@code BigDecimal} ({@code 6.00} stays {@code 6.00},
 * never a double, {@code 6} or {@code 6E+0}), decimals written plain, the last of duplicate fields kept (as
 * the Python stack's {@code json.loads} does).
 *
 * <p>Outside input is hostile: besides the size bounds each caller checks before it parses (an API body,
 * {@code http/ApiGatewayEvent#MAX_BODY_CHARS}), the parser refuses nesting deeper than
 * {@value #MAX_NESTING} and numbers longer than {@value #MAX_NUMBER_CHARS} characters.
 *
 * <p>{@link #parse} and {@link #write} are the mapper's {@code readTree} and {@code writeValueAsString}, with
 * Jackson's checked exception turned into the suite's unchecked one (a text that is not JSON is a refusal,
 * {@link IllegalArgumentException}, whose message never quotes the text); nothing of Jackson is rewritten here.
 */
public final class Json {

    /** No payload the suite reads nests deeper than an API Gateway event inside a dead letter (about 6). */
    static final int MAX_NESTING = 64;
    /** The longest number any payload carries is an amount or a timestamp; a 1,000-digit number is an attack. */
    static final int MAX_NUMBER_CHARS = 64;

    /** The configured mapper; thread-safe once built, never reconfigure it. */
    public static final ObjectMapper MAPPER = build();

    private Json() {
    }

    private static ObjectMapper build() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                // An answer to API Gateway leaves out what it does not set (multiValueHeaders), as it always has.
                .withConfigOverride(APIGatewayProxyResponseEvent.class, o -> o.setInclude(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL)))
                .build();
    }

    /** The shared mapper (the same as {@link #MAPPER}). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The mapper's {@code readTree}: the first value of the text (an empty text is a missing node), integers as
     * the smallest of int, long and big integer, every other number as an exact {@code BigDecimal}.
     *
     * @throws IllegalArgumentException when it is not JSON, or nests or numbers beyond the bounds above
     */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The mapper's reader that refuses an object naming a field twice. */
    private static final ObjectReader STRICT = MAPPER.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * As {@link #parse}, refusing an object that names a field twice: for answers that decide money
     * (KBank's), where {@code {"amount": 100, "amount": 98}} is ambiguous, not "the last one".
     *
     * @throws IllegalArgumentException when it is not JSON, names a field twice, or nests or numbers beyond the bounds
     */
    public static JsonNode parseStrict(String text) {
        try {
            return STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The mapper's {@code writeValueAsString}: compact JSON of a tree or any other value. */
    public static String write(Object value) {
        return write(MAPPER.writer(), value);
    }

    /**
     * As {@link #write}, with a writer the caller built once for its type ({@code MAPPER.writerFor(type)}, whose
     * serializer Jackson builds with it).
     */
    public static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A new empty JSON object of the mapper's node factory. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The text of a field, or null when it is absent, null or not a scalar. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        return value.asText();
    }
}
