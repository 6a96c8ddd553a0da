package com.villamarket.payment3.common.kbank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.villamarket.payment3.common.json.Json;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** KBank's {@code created} as its answers write it (seed 003: {@code 20250530205658833}), read in Bangkok's time. */
class KBankChargeCreatedTest {

    private static Optional<Instant> created(String json) {
        return KBankCharge.parse(Json.parse(json)).created();
    }

    @Test
    void seventeenDigitsAreBangkoksTimeToTheMillisecond() {
        assertEquals(Optional.of(Instant.parse("2025-05-30T13:56:58.833Z")),
                created("{\"id\": \"chrg_test_1\", \"created\": \"20250530205658833\"}"));
    }

    @Test
    void anAbsentNullNumericOrOtherShapedCreatedIsNoDate() {
        for (String json : new String[] {"{}", "{\"created\": null}", "{\"created\": 20250530205658833}",
                "{\"created\": \"2025-05-30T20:56:58Z\"}", "{\"created\": \"20251330205658833\"}",
                "{\"created\": \"2025053020565883\"}", "{\"created\": \"2025053020565883x\"}"}) {
            assertEquals(Optional.empty(), created(json), json);
        }
    }
}
