package com.villamarket.payment3.common.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void kbankIdsHaveOneShapeWhateverTheirKind() {
        assertTrue(KBankIds.isId("cust_test_1"));
        assertTrue(KBankIds.isId("order_prod_2"));
        assertFalse(KBankIds.isId("../charge"), "never a path out of KBank's URL");
        assertFalse(KBankIds.isId(""));
        assertFalse(KBankIds.isId(null));
        assertFalse(KBankIds.isId("x".repeat(121)));
        assertEquals("chrg_test_1", new ChargeId("chrg_test_1").value());
        assertThrows(IllegalArgumentException.class, () -> new ChargeId("tokn_test_1"), "a token is not a charge");
        assertThrows(IllegalArgumentException.class, () -> new CardToken("chrg_test_1"), "a charge is not a token");
        assertThrows(IllegalArgumentException.class, () -> new ChargeId("chrg_"), "a prefix alone is no id");
    }

    @Test
    void addCardIsTheOneOrderIdOfACardVerification() {
        assertTrue(OrderId.ADDCARD.isAddCard());
        assertTrue(new OrderId("ADDCARD").isAddCard());
        assertFalse(new OrderId("002500048744").isAddCard());
        assertFalse(new OrderId("addcard").isAddCard(), "exactly as stored");
    }

    @Test
    void anIdAsReceivedKeepsAnyTextAndIsTypedOnlyWhenItHasTheShape() {
        ReceivedId garbage = ReceivedId.of("order #7<script>");
        ReceivedId order = ReceivedId.of(new OrderId("002500048744"));
        ReceivedId charge = ReceivedId.of(new ChargeId("chrg_test_1"));

        assertEquals("order #7<script>", garbage.text());
        assertTrue(garbage.orderId().isEmpty(), "no order id's shape");
        assertTrue(garbage.chargeId().isEmpty());
        assertEquals(java.util.Optional.of(new OrderId("002500048744")), order.orderId());
        assertTrue(order.chargeId().isEmpty(), "an order id is not a charge");
        assertEquals(java.util.Optional.of(new ChargeId("chrg_test_1")), charge.chargeId());
        assertTrue(order.is(new OrderId("002500048744")));
        assertFalse(order.is(new OrderId("002500048745")));
        assertFalse(order.is((OrderId) null));
        assertTrue(charge.is(new ChargeId("chrg_test_1")));
        assertEquals("", ReceivedId.of("").text(), "an empty id as received is kept");
        assertEquals(null, ReceivedId.of((String) null));
        assertEquals(null, ReceivedId.textOf(null));
        assertThrows(NullPointerException.class, () -> new ReceivedId(null));
    }
}
