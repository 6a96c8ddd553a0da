package com.villamarket.payment3.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.once.OnceOnly;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proof that a QR charge's hand-on is done, from what its once-only step answered. */
class QrChargeLifecycleTest {

    private static final ChargeId CHARGE = new ChargeId("chrg_test_handedon");
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aHandOnThisRunRanOrAnEarlierOneDidIsProofOfTheHandOn() {
        assertEquals(CHARGE, QrChargeLifecycle.handedOn(CHARGE, new OnceOnly.Taken("token", AT)).orElseThrow().charge());
        assertEquals(CHARGE, QrChargeLifecycle.handedOn(CHARGE, new OnceOnly.Done(AT)).orElseThrow().charge());
    }

    @Test
    void aHandOnAnotherRunHoldsOrWithoutItsRecordIsNoProof() {
        assertTrue(QrChargeLifecycle.handedOn(CHARGE, new OnceOnly.Held(AT)).isEmpty());
        assertTrue(QrChargeLifecycle.handedOn(CHARGE, new OnceOnly.Unmet(Map.of())).isEmpty());
    }
}
