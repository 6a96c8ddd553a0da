package com.villamarket.payment3.common.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.once.StepState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An order of the shop's order table as read, with the suite's own payment markers.
 *
 * @param data         the order's {@code data}, a copy: changing it changes nothing stored
 * @param form         how {@code data} is stored, so that it is written back the same way
 * @param storedData   {@code data} exactly as stored, for the optimistic check of a JSON string
 * @param paidChargeId the charge this suite marked the order paid with; null when none
 * @param paidAt       when this suite marked it paid; null when not
 * @param steps        the once-only after-paid steps, by attribute name ({@link OrderRepository#STEPS})
 * @param finishedAt   when every after-paid step was done; null until then
 */
public record Order(OrderId orderId, ObjectNode data, DataForm form, String storedData, ChargeId paidChargeId,
        Instant paidAt, Map<String, StepState> steps, Instant finishedAt) {

    /** How an order's {@code data} attribute is stored. */
    public enum DataForm {
        /** A JSON text in an S attribute (PynamoDB's {@code JSONAttribute}). */
        JSON_STRING,
        /** A native M attribute. */
        MAP
    }

    public Order {
        data = data.deepCopy();
        steps = Map.copyOf(steps);
    }

    /** A new order item of the shop's (seeding, tests): {@code data} in the given form, nothing of ours. */
    static Order of(OrderId orderId, ObjectNode data, DataForm form) {
        return new Order(orderId, data, form, form == DataForm.JSON_STRING ? Json.write(data) : null, null, null,
                Map.of(), null);
    }

    /** Builds an order as the table's schema reads it, attribute by attribute; every step absent is {@link StepState#NONE}. */
    static final class Builder {
        private OrderId orderId;
        private StoredOrderData data;
        private ChargeId paidChargeId;
        private Instant paidAt;
        private final Map<String, StepState> steps = new HashMap<>();
        private Instant finishedAt;

        void orderId(OrderId value) {
            orderId = value;
        }

        void data(StoredOrderData value) {
            data = value;
        }

        void paidChargeId(ChargeId value) {
            paidChargeId = value;
        }

        void paidAt(Instant value) {
            paidAt = value;
        }

        void step(String attribute, StepState value) {
            steps.put(attribute, value);
        }

        void finishedAt(Instant value) {
            finishedAt = value;
        }

        /** @throws StoredDataException when the item has no {@code data} */
        Order build() {
            if (data == null) {
                throw new StoredDataException("it has no data");
            }
            return new Order(orderId, data.json(), data.form(), data.text(), paidChargeId, paidAt, steps, finishedAt);
        }
    }

    /** The stored {@code data} of this order, as the table's schema writes it back. */
    StoredOrderData storedOrderData() {
        return new StoredOrderData(data, form, storedData);
    }

    /** An after-paid step's state; {@link StepState#NONE} when never claimed. */
    public StepState step(String attribute) {
        return steps.getOrDefault(attribute, StepState.NONE);
    }

    @Override
    public ObjectNode data() {
        return data.deepCopy();
    }

    /**
     * The order's {@code grandTotal}; empty when absent or not an amount.
     */
    public Optional<Money> grandTotal() {
        JsonNode total = data.get("grandTotal");
        if (total == null || total.isNull() || total.isContainerNode()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Money.fromJson(total));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the order is paid, by this suite or (before the switch-over) by the Python stack. */
    public boolean isPaid() {
        if (paidChargeId != null) {
            return true;
        }
        JsonNode payment = data.get("payment");
        return payment != null && payment.path("isPaid").asBoolean(false);
    }

    /** Whether this suite marked the order paid with this charge and finished every after-paid step. */
    public boolean isFinishedWith(ChargeId chargeId) {
        return finishedAt != null && chargeId.equals(paidChargeId);
    }

    /**
     * The charge the order is paid with, as text: the one this suite marked it paid with, else its payment
     * header's (the Python stack's or a person's); null when neither names one.
     */
    public String paidBy() {
        return paidChargeId != null ? paidChargeId.value() : headerPaymentId();
    }

    /**
     * The charge recorded in the order's payment header, kept as the shop's data holds it (the Python stack, or a
     * person, wrote it: it may not be a charge id's shape, and is only ever compared as text); null when none.
     */
    public String headerPaymentId() {
        JsonNode payment = data.get("payment");
        return payment == null || !payment.hasNonNull("paymentId") ? null : payment.get("paymentId").asText();
    }
}
