package com.villamarket.payment3.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A scan's position as text an operator hands back: it reads back as the key it was, and nothing else reads as one. */
class UnmarkedScanTest {

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPositionReadsBackAsTheKeyItWasAfter() {
        Pending.ScanPage raw = new Pending.ScanPage(List.of(), Map.of("tokenId", AttributeValue.fromS("tokn_test_\u0e01\"x")));
        UnmarkedScan.Position next = UnmarkedScan.page("t", "tokenId", raw, item -> item).next();

        UnmarkedScan.Position back = UnmarkedScan.parse(next.text(), "tokenId");

        assertEquals(Map.of("tokenId", AttributeValue.fromS("tokn_test_\u0e01\"x")), back.startKey());
        assertEquals(next.text(), back.text());
    }

    @Test
    void textThatIsNotAPositionOfThisTablesKeyIsRefused() {
        for (String text : List.of("", "A".repeat(UnmarkedScan.MAX_POSITION_CHARS + 1), "not base64!", base64("not json"),
                base64("[\"tokn_1\"]"), base64("{\"orderId\": \"1\"}"), base64("{\"tokenId\": 1}"),
                base64("{\"tokenId\": \"a\", \"orderId\": \"1\"}"), base64("{\"tokenId\": \"\"}"),
                base64("{\"tokenId\": \"" + "a".repeat(UnmarkedScan.MAX_KEY_CHARS + 1) + "\"}"))) {
            assertThrows(IllegalArgumentException.class, () -> UnmarkedScan.parse(text, "tokenId"),
                    text.length() > 40 ? text.substring(0, 40) : text);
        }
    }

    @Test
    void anItemNotInTheStoredShapeIsKeptMalformedWithItsKeyAndTheOthersRead() {
        Pending.ScanPage raw = new Pending.ScanPage(List.of(Map.of("tokenId", AttributeValue.fromS("a")),
                Map.of("tokenId", AttributeValue.fromS("b"))), null);

        UnmarkedScan.Page<String> page = UnmarkedScan.page("t", "tokenId", raw, item -> {
            if (item.get("tokenId").s().equals("a")) {
                throw new IllegalArgumentException("chargeId is not a KBank charge id");
            }
            return item.get("tokenId").s();
        });

        assertEquals(2, page.items().size());
        assertEquals("a", page.items().get(0).key());
        assertEquals(true, page.items().get(0).isMalformed());
        assertEquals("b", page.items().get(1).record());
        assertEquals(null, page.next(), "the end of the table");
    }
}
