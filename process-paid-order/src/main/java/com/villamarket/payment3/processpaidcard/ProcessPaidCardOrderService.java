package com.villamarket.payment3.processpaidcard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.notify.Notifier;
import com.villamarket.payment3.common.payment.CardHandoff;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.payment.PaidOrderProcessor;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.Outcome;
import com.villamarket.payment3.common.payment.PaidOrderProcessor.Step;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import com.villamarket.payment3.common.payment.VerifiedPayment;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.CheckStatus;
import com.villamarket.payment3.common.persistence.CheckStatusRepository;
import com.villamarket.payment3.common.persistence.Order;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.wiring.Components;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ProcessPaidOrder for card payments (seed 002): KBank's charge inquiry decides (recorded in the
 * check-status table), the order is marked paid once, handed to the shop's Pay function once,
 * notified once, and the card is kept once, only when the customer asked for it.
 */
public final class ProcessPaidCardOrderService {

    private final PaidOrderProcessor processor;
    private final CardPaymentRecordRepository records;
    private final Optional<CardPaymentRecordRepository> masterRecords;
    private final ChargeVerifier verifier;
    private final CheckStatusRepository checkStatus;
    private final AsyncInvoker invoker;
    private final Optional<String> payFunction;
    private final String createUserFunction;
    private final Clock clock;

    public ProcessPaidCardOrderService(PaidOrderProcessor processor, CardPaymentRecordRepository records,
            Optional<CardPaymentRecordRepository> masterRecords, ChargeVerifier verifier, CheckStatusRepository checkStatus,
            AsyncInvoker invoker, Optional<String> payFunction, String createUserFunction, Clock clock) {
        this.processor = processor;
        this.records = records;
        this.masterRecords = masterRecords;
        this.verifier = verifier;
        this.checkStatus = checkStatus;
        this.invoker = invoker;
        this.payFunction = payFunction;
        this.createUserFunction = createUserFunction;
        this.clock = clock;
    }

    public static ProcessPaidCardOrderService create(Components c, AsyncInvoker invoker, Notifier notifier) {
        return new ProcessPaidCardOrderService(
                new PaidOrderProcessor(c.orders(), c.processPaidOrderLog(), notifier, c.clock()),
                c.cardPaymentRecords(), c.masterCardPaymentRecords(), c.chargeVerifier(ChargeVerifier.Kind.CARD),
                c.checkStatus(), invoker, c.config().payFunctionName(), c.names().kbankCreateUserFunction(), c.clock());
    }

    /**
     * Processes one invocation payload {@code {"orderId", "chargeId", "paymentType": "card"}}.
     *
     * @throws RuntimeException when processing failed (after writing an {@code is_error} row), for Lambda's retries
     */
    public Outcome process(String rawEvent) {
        String orderId = null;
        String chargeId = null;
        try {
            JsonNode payload = Json.parse(rawEvent);
            if (payload.isTextual()) {
                payload = Json.parse(payload.asText());
            }
            orderId = Json.text(payload, "orderId") != null ? Json.text(payload, "orderId") : Json.text(payload, "order_id");
            chargeId = Json.text(payload, "chargeId") != null ? Json.text(payload, "chargeId") : Json.text(payload, "charge_id");
            if (CardPaymentRecord.ADDCARD.equals(orderId)) {
                // A card verification has no order: card-token and the callback keep the card and void the charge.
                Log.warn("ProcessPaidOrder called for ADDCARD; nothing to process", "chargeId", chargeId);
                return Outcome.NOT_PAID;
            }
            OrderId order = OrderId.parse(orderId);
            ChargeId charge = chargeId == null ? null : ChargeId.parse(chargeId);
            CardPaymentRecord record = record(order, charge, Json.text(payload, "tokenId"));
            ChargeId recordCharge = ChargeId.parse(record.chargeId());
            return processor.process(new PaidOrderProcessor.Request(order, recordCharge, "card"),
                    o -> confirm(o, recordCharge), steps(record));
        } catch (RuntimeException e) {
            processor.recordFailure(orderId, "card", chargeId, rawEvent, e);
            throw e;
        }
    }

    /**
     * The card payment record: by token (a consistent read) when the payload names it, else the
     * charge's (branch table, then master's), else the order's newest with a charge.
     */
    private CardPaymentRecord record(OrderId orderId, ChargeId chargeId, String tokenId) {
        Optional<CardPaymentRecord> record = Optional.empty();
        if (tokenId != null) {
            record = records.findByToken(tokenId).filter(r -> chargeId == null || chargeId.value().equals(r.chargeId()));
            if (record.isEmpty() && masterRecords.isPresent()) {
                record = inMaster(() -> masterRecords.get().findByToken(tokenId)
                        .filter(r -> chargeId == null || chargeId.value().equals(r.chargeId())));
            }
        }
        if (record.isEmpty() && chargeId != null) {
            record = records.findByCharge(chargeId.value());
            if (record.isEmpty() && masterRecords.isPresent()) {
                record = inMaster(() -> masterRecords.get().findByCharge(chargeId.value()));
            }
        } else if (record.isEmpty()) {
            record = records.findByOrder(orderId.value()).stream().filter(r -> r.chargeId() != null).findFirst();
        }
        CardPaymentRecord found = record.orElseThrow(() -> new IllegalStateException(
                "no card payment record for order " + orderId + (chargeId == null ? "" : " and charge " + chargeId)));
        if (!found.orderId().equals(orderId.value())) {
            throw new IllegalStateException("charge " + chargeId + " is recorded for another order");
        }
        return found;
    }

    /** A lookup in the master branch's table, whose absence in this account means "not found". */
    private static Optional<CardPaymentRecord> inMaster(java.util.function.Supplier<Optional<CardPaymentRecord>> lookup) {
        try {
            return lookup.get();
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private VerifiedPayment confirm(Order order, ChargeId chargeId) {
        Money total = order.grandTotal().orElseThrow(() -> new PaymentRejectedException(
                RejectionReason.ORDER_WITHOUT_TOTAL, "order " + order.orderId() + " has no grandTotal"));
        try {
            VerifiedPayment payment = verifier.verify(chargeId, order.orderId(), total, Optional.empty());
            checkStatus.record(new CheckStatus(order.orderId().value(), clock.instant(), chargeId.value(), "success",
                    true, "card", payment.paidAmount()));
            return payment;
        } catch (PaymentRejectedException e) {
            checkStatus.record(new CheckStatus(order.orderId().value(), clock.instant(), chargeId.value(),
                    e.reason().name().toLowerCase(java.util.Locale.ROOT), false, "card", null));
            throw e;
        }
    }

    private List<Step> steps(CardPaymentRecord record) {
        List<Step> steps = new ArrayList<>();
        payFunction.ifPresent(function -> steps.add(new Step(OrderRepository.PAY_INVOKED_AT, (order, payment) -> {
            ObjectNode payload = Json.object();
            payload.put("orderId", order.orderId().value());
            payload.set("payment", order.data().path("payment"));
            invoker.invoke(function, payload);
        })));
        steps.add(processor.notification());
        if (record.saveCard() && record.ownerId() != null) {
            steps.add(new Step(OrderRepository.CARD_SAVED_AT,
                    (order, payment) -> invoker.invoke(createUserFunction, CardHandoff.saveCardPayload(record))));
        }
        return steps;
    }
}
