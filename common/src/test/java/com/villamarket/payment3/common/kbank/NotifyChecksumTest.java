package com.villamarket.payment3.common.kbank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import org.junit.jupiter.api.Test;
import java.math.BigDecimal;

class NotifyChecksumTest {

    /** sha256("chrg_test_notify1" + "250.5000" + "THB" + "success" + "Authorized" + "skey_test_local"), by Python's hashlib. */
    private static final String EXPECTED = "678fc605946abc6e0b163e519c5b0677f44ae0a2fda9021685449a9a28d1cd18";

    private static ObjectNode notify(Object amount) {
        ObjectNode n = Json.object();
        n.put("id", "chrg_test_notify1");
        if (amount instanceof String s) {
            n.put("amount", s);
        } else {
            n.put("amount", new BigDecimal(amount.toString()));
        }
        n.put("currency", "THB");
        n.put("status", "success");
        n.put("transaction_state", "Authorized");
        return n;
    }

    @Test
    void computesThePublicIntegrationsChecksumWithFourDecimals() {
        assertEquals(EXPECTED, NotifyChecksum.compute(notify("250.5"), "skey_test_local"));
        assertEquals(EXPECTED, NotifyChecksum.compute(notify(new BigDecimal("250.50")), "skey_test_local"));
    }

    @Test
    void acceptsOnlyTheRightChecksum() {
        assertTrue(NotifyChecksum.isValid(notify("250.5").put("checksum", EXPECTED), "skey_test_local"));
        assertTrue(NotifyChecksum.isValid(notify("250.5").put("checksum", EXPECTED.toUpperCase()), "skey_test_local"));
        assertFalse(NotifyChecksum.isValid(notify("250.5").put("checksum", EXPECTED), "skey_other"));
        assertFalse(NotifyChecksum.isValid(notify("2.5").put("checksum", EXPECTED), "skey_test_local"), "tampered amount");
        assertFalse(NotifyChecksum.isValid(notify("250.5"), "skey_test_local"), "no checksum");
        assertFalse(NotifyChecksum.isValid(notify("250.5").put("checksum", ""), "skey_test_local"));
    }

    @Test
    void aMissingFieldOrABadAmountHasNoChecksum() {
        ObjectNode n = notify("250.5");
        n.remove("transaction_state");
        assertNull(NotifyChecksum.compute(n, "k"));
        assertNull(NotifyChecksum.compute(notify("NaN-ish"), "k"));
    }
}
