package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.persistence.CallbackError;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CheckStatus;
import com.villamarket.payment3.common.persistence.CreditCardNotify;
import com.villamarket.payment3.common.persistence.KBankOrder;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.QrCallbackRecord;
import com.villamarket.payment3.common.persistence.QrNotify;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import java.util.List;
import java.util.Map;

/**
 * What the tables and, when asked, KBank say about one order (or one charge bound to none): what the
 * story's events and verdict are made of.
 *
 * @param orderId       the order told; null for a charge bound to no order
 * @param order         the order item; null when it is absent or cannot be read
 * @param kbankCharges  KBank's view of each charge asked about, by charge id; empty unless KBank was asked
 * @param kbankOrders   KBank's view of each KBank QR order, by KBank's order id; empty unless KBank was asked
 * @param kbankAsked    whether KBank's inquiries were asked (--kbank)
 */
record Facts(String orderId, Order order, List<QrCallbackRecord> qrCallbacks, List<QrPaymentRecord> qrRecords,
        List<CardPaymentRecord> cardRecords, List<CreditCardNotify> cardNotifies,
        List<ProcessPaidOrderLog> processPaidOrder, List<CheckStatus> checks, List<CallbackError> errors,
        List<KBankOrder> kbankOrderRecords, List<QrNotify> qrNotifies, Map<String, ChargeView> kbankCharges,
        Map<String, OrderView> kbankOrders, boolean kbankAsked) {

    Facts {
        qrCallbacks = List.copyOf(qrCallbacks);
        qrRecords = List.copyOf(qrRecords);
        cardRecords = List.copyOf(cardRecords);
        cardNotifies = List.copyOf(cardNotifies);
        processPaidOrder = List.copyOf(processPaidOrder);
        checks = List.copyOf(checks);
        errors = List.copyOf(errors);
        kbankOrderRecords = List.copyOf(kbankOrderRecords);
        qrNotifies = List.copyOf(qrNotifies);
        kbankCharges = Map.copyOf(kbankCharges);
        kbankOrders = Map.copyOf(kbankOrders);
    }

    /** A card record's charge id as the facts key charges; null when the record never learnt its charge. */
    static String chargeOf(CardPaymentRecord record) {
        return record.chargeId() == null ? null : record.chargeId().value();
    }

    /**
     * KBank's current answer for one charge.
     *
     * @param charge  KBank's charge; null when KBank gave none
     * @param problem why there is no answer (unknown to KBank, KBank not answering); null when there is one
     * @param belongs whether the charge is this order's by the suite's rules (bound by a record, or
     *                naming the order for its total, as {@link ChargeVerifier#checkBelongs} decides)
     */
    record ChargeView(String chargeId, ChargeVerifier.Kind kind, KBankCharge charge, String problem, boolean belongs) {

        /** Whether KBank's answer says the money is in: paid, whoever's it is. */
        boolean paid() {
            return charge != null && charge.isPaid();
        }

        /** Whether KBank's answer is final and unpaid (declined, voided, reversed, refunded). */
        boolean failed() {
            return charge != null && charge.settlement() == KBankCharge.Settlement.FAILED;
        }

        /** Whether KBank has not settled it either way. */
        boolean unsettled() {
            return charge != null && charge.settlement() == KBankCharge.Settlement.PENDING;
        }
    }

    /**
     * KBank's current answer for one of its QR orders.
     *
     * @param chargeId the charge KBank's order names; null while it names none
     * @param status   KBank's order status as it writes it; null when absent
     * @param problem  why there is no answer; null when there is one
     */
    record OrderView(String kbankOrderId, String chargeId, String status, String problem) {
    }
}
