package com.villamarket.payment3.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FormBodyTest {

    @Test
    void parsesTheSeedCallback() {
        Map<String, String> form = FormBody.parse(
                "orderId=002500048744&status=success&amount=6&chargeId=chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6");
        assertEquals("002500048744", form.get("orderId"));
        assertEquals("success", form.get("status"));
        assertEquals("6", form.get("amount"));
        assertEquals("chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6", form.get("chargeId"));
    }

    @Test
    void decodesPercentEscapesAndPlus() {
        Map<String, String> form = FormBody.parse("a=%3Cb%3E+c&empty=&flag");
        assertEquals("<b> c", form.get("a"));
        assertEquals("", form.get("empty"));
        assertEquals("", form.get("flag"));
    }

    @Test
    void rejectsAFieldGivenTwice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FormBody.parse("amount=6&amount=600"));
        assertTrue(e.getMessage().contains("amount"));
    }

    @Test
    void rejectsInvalidPercentEscapes() {
        assertThrows(IllegalArgumentException.class, () -> FormBody.parse("orderId=%zz"));
        assertThrows(IllegalArgumentException.class, () -> FormBody.parse("orderId=%4"));
    }

    @Test
    void rejectsHugeBodies() {
        assertThrows(IllegalArgumentException.class, () -> FormBody.parse("a=" + "x".repeat(FormBody.MAX_CHARS)));
    }

    @Test
    void emptyBodyHasNoFields() {
        assertTrue(FormBody.parse("").isEmpty());
    }
}
