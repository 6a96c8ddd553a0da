package com.villamarket.payment3.common.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankException;
import com.villamarket.payment3.common.kbank.TransactionState;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Hands a card charge KBank has answered for on to what comes next, once per token whatever the
 * number of callbacks: an order's charge (paid or not) to ProcessPaidOrder, which decides and
 * notifies; a paid ADDCARD charge to saving the card (kbank-create-user) after voiding its 1 THB.
 * Used by card-token (charge authorized at once) and card-callback (after 3-D Secure).
 */
public final class CardHandoff {

    private final AsyncInvoker invoker;
    private final Supplier<KBankClient> kbank;
    private final Names names;
    private final Clock clock;

    public CardHandoff(AsyncInvoker invoker, Supplier<KBankClient> kbank, Names names, Clock clock) {
        this.invoker = invoker;
        this.kbank = kbank;
        this.names = names;
        this.clock = clock;
    }

    /**
     * Hands the record's charge on, unless it was before. Only a settled charge is handed on: paid, or
     * unpaid for good ({@link TransactionState#isFinalUnpaid()}). A charge still pending (3-D Secure
     * not finished) keeps the claim free for the callback that follows, or for reconciliation.
     *
     * @param records the table the record is in (the branch's or master's)
     * @param charge  KBank's answer for the charge
     * @return true when this call handed it on; false when an earlier one did, or there is nothing to do
     * @throws RuntimeException when handing on failed; the claim is given back so that a replay retries
     */
    public boolean handOn(CardPaymentRecordRepository records, CardPaymentRecord record, KBankCharge charge) {
        boolean paid = charge.isPaid();
        if (!paid && !charge.transactionState().isFinalUnpaid()) {
            Log.info("card charge still pending: not handed on", "tokenId", record.tokenId(), "chargeId",
                    record.chargeId(), "state", charge.transactionState().wire());
            return false;
        }
        if (record.isAddCard() && !paid) {
            return false;
        }
        Instant now = clock.instant();
        if (!records.claimInvocation(record.tokenId(), now)) {
            Log.info("card charge handed on before", "tokenId", record.tokenId(), "chargeId", record.chargeId());
            return false;
        }
        try {
            if (record.isAddCard()) {
                voidVerificationCharge(new ChargeId(record.chargeId()));
                invoker.invoke(names.kbankCreateUserFunction(), saveCardPayload(record));
            } else {
                ObjectNode payload = Json.object();
                payload.put("orderId", record.orderId());
                payload.put("paymentType", "card");
                payload.put("success", paid);
                payload.put("chargeId", record.chargeId());
                // The token lets ProcessPaidOrder read the record consistently, not through a GSI that may lag.
                payload.put("tokenId", record.tokenId());
                invoker.invoke(names.processPaidOrderFunction(), payload);
            }
            return true;
        } catch (RuntimeException e) {
            records.releaseInvocation(record.tokenId(), now);
            throw e;
        }
    }

    /** The payload that asks kbank-create-user to keep a customer's card (seed 002). */
    public static ObjectNode saveCardPayload(CardPaymentRecord record) {
        ObjectNode payload = Json.object();
        payload.put("ownerId", record.ownerId());
        payload.put("token", record.tokenId());
        return payload;
    }

    /** Voids the 1 THB of a card verification; a charge already voided counts as done. */
    private void voidVerificationCharge(ChargeId chargeId) {
        try {
            kbank.get().voidCardCharge(chargeId, "ADDCARD card verification");
        } catch (KBankException.ErrorAnswer e) {
            KBankCharge charge = kbank.get().cardCharge(chargeId);
            if (charge.transactionState() != TransactionState.VOIDED) {
                throw e;
            }
        }
        Log.info("card verification charge voided", "chargeId", chargeId);
    }
}
