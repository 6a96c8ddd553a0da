package com.villamarket.payment3.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.testkit.RepoFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link Json}'s mapper reads and writes exactly as the suite's configured ObjectMapper always has (the same
 * trees, node types, exact decimals and text) for every JSON file of the repository, the edge cases of the
 * format and 3,000 random trees; hostile input past its bounds is refused.
 */
class JsonTest {

    /** The suite's mapper as it has always been configured (before the bounds on nesting and number length). */
    private static final ObjectMapper BEFORE = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static void sameAsBefore(String text) {
        JsonNode before;
        try {
            before = BEFORE.readTree(text);
        } catch (JsonProcessingException e) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(text), text);
            return;
        }
        JsonNode now = Json.parse(text);
        assertEquals(before, now, text);
        assertSameTypes(before, now, text);
        try {
            assertEquals(BEFORE.writeValueAsString(before), Json.write(now), text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** Equal trees may still differ in a number's node type (IntNode against LongNode): compare those too. */
    private static void assertSameTypes(JsonNode before, JsonNode now, String text) {
        assertEquals(before.getNodeType(), now.getNodeType(), text);
        assertEquals(before.getClass(), now.getClass(), text);
        if (before.isContainerNode()) {
            List<JsonNode> a = new ArrayList<>();
            List<JsonNode> b = new ArrayList<>();
            before.forEach(a::add);
            now.forEach(b::add);
            for (int i = 0; i < a.size(); i++) {
                assertSameTypes(a.get(i), b.get(i), text);
            }
        }
    }

    @Test
    void everyJsonFileOfTheRepositoryReadsAndWritesAsBefore() throws IOException {
        Path root = RepoFiles.root();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".json") && !p.toString().contains("/target/")
                    && !p.toString().contains("/.git/") && !p.toString().contains("node_modules")).toList();
        }
        assertTrue(files.size() > 20, "the events and fixtures are found: " + files.size());
        for (Path file : files) {
            sameAsBefore(Files.readString(file));
        }
    }

    @Test
    void theEdgesOfTheFormatReadAndWriteAsBefore() {
        for (String text : List.of("", "   ", "null", "true", "0", "-0", "6.00", "300.0", "1e3", "1E+3", "-1.5e-7", "0.000001",
                "12345678901234567890123", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
                "\"\"", "\"\\u0000\\u001f\\\"\\\\/\\b\\f\\n\\r\\t\"", "\"\\ud83d\\ude00 ฿ é\"", "[]", "{}", "[[[]]]",
                "{\"a\":1,\"a\":2}", "{\"amount\":6.00,\"n\":[1,2.50,-3e2,null,false]}", "{} trailing", "[1,2] [3]",
                "{\"a\":", "[1,]", "{\"a\" 1}", "NaN", "'single'", "{\"a\":01}", "\"unterminated", "[1 2]", "tru")) {
            sameAsBefore(text);
        }
    }

    @Test
    void randomTreesReadAndWriteAsBefore() throws JsonProcessingException {
        Random random = new Random(20261122);
        for (int i = 0; i < 3_000; i++) {
            JsonNode tree = randomNode(random, 0);
            String text = BEFORE.writeValueAsString(tree);
            assertEquals(text, Json.write(tree), text);
            sameAsBefore(text);
        }
    }

    @Test
    void aDecimalIsNeverNormalized() {
        JsonNode node = Json.parse("{\"grandTotal\":300.0,\"amount\":6.00,\"big\":1E+3}");
        assertEquals(new BigDecimal("300.0"), node.get("grandTotal").decimalValue());
        assertEquals("{\"grandTotal\":300.0,\"amount\":6.00,\"big\":1000}", Json.write(node));
        assertEquals("{\"v\":6.00}", Json.write(Json.object().put("v", new BigDecimal("6.00"))));
    }

    @Test
    void aValueThatIsNotATreeStillGoesThroughTheMapper() {
        assertEquals("{\"a\":[1,\"x\"]}", Json.write(Map.of("a", List.of(1, "x"))));
        assertEquals("\"text\"", Json.write("text"));
        ObjectNode withPojo = Json.object();
        withPojo.putPOJO("p", Map.of("k", "v"));
        assertEquals("{\"p\":{\"k\":\"v\"}}", Json.write(withPojo));
    }

    @Test
    void anErrorSaysWhatIsWrongWithoutTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"secret\":\"skey_1\""));
        assertTrue(e.getMessage().startsWith("not valid JSON: "), e.getMessage());
        assertFalse(e.getMessage().contains("skey_1"), e.getMessage());
    }

    @Test
    void theLastOfDuplicateFieldsIsKeptAsPythonsJsonLoadsKeepsIt() {
        assertEquals("2", Json.text(Json.parse("{\"amount\":1,\"amount\":2}"), "amount"));
    }

    @Test
    void hostileNestingAndNumbersPastTheirBoundsAreRefusedWithoutTheText() {
        String nested = "[".repeat(Json.MAX_NESTING) + "]".repeat(Json.MAX_NESTING);
        assertTrue(Json.parse(nested).isArray());
        String deeper = "[".repeat(Json.MAX_NESTING + 1) + "]".repeat(Json.MAX_NESTING + 1);
        assertThrows(IllegalArgumentException.class, () -> Json.parse(deeper));
        String longest = "1".repeat(Json.MAX_NUMBER_CHARS);
        assertEquals(new BigInteger(longest), Json.parse("{\"n\":" + longest + "}").get("n").bigIntegerValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\"n\":" + "9".repeat(Json.MAX_NUMBER_CHARS + 1) + "}"));
        assertFalse(e.getMessage().contains("9".repeat(Json.MAX_NUMBER_CHARS + 1)), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\"amount\":0." + "1".repeat(Json.MAX_NUMBER_CHARS + 1) + "}"));
    }

    /** A value read into a type gets an exact BigDecimal for a decimal, never a double on the way. */
    record Amount(BigDecimal amount) {
    }

    @Test
    void aDecimalReadIntoATypeStaysExact() throws JsonProcessingException {
        assertEquals(new BigDecimal("6.10"), Json.MAPPER.readValue("{\"amount\":6.10,\"other\":1}", Amount.class).amount());
        assertEquals("{\"amount\":6.10}", Json.write(new Amount(new BigDecimal("6.10"))));
        assertEquals(new BigDecimal("0.30000000000000001"), Json.MAPPER.readValue("{\"amount\":0.30000000000000001}", Amount.class).amount());
    }

    private static JsonNode randomNode(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 8);
        JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);
        return switch (kind) {
            case 0 -> nodes.textNode(randomText(random));
            case 1 -> nodes.numberNode(random.nextInt());
            case 2 -> nodes.numberNode(random.nextLong());
            case 3 -> nodes.numberNode(new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(12) - 3));
            case 4 -> random.nextBoolean() ? nodes.booleanNode(random.nextBoolean()) : nodes.nullNode();
            case 5 -> nodes.numberNode(new BigInteger(90, random));
            case 6 -> {
                ObjectNode object = nodes.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(randomText(random), randomNode(random, depth + 1));
                }
                yield object;
            }
            default -> {
                ArrayNode array = nodes.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(randomNode(random, depth + 1));
                }
                yield array;
            }
        };
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            int pick = random.nextInt(10);
            text.append(pick < 6 ? (char) ('a' + random.nextInt(26)) : pick == 6 ? (char) random.nextInt(0x20)
                    : pick == 7 ? "\"\\/".charAt(random.nextInt(3)) : pick == 8 ? 'ก' : Character.toChars(0x1F600)[0]);
        }
        return text.toString();
    }
}
