package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.ReceivedId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One QR callback as received, with what became of it. Its ids are kept as received ({@link ReceivedId}): this
 * suite writes an id only in its type's shape (the order id of a callback without one is {@link #noOrderKey}'s
 * key), but a row is read whatever text it holds, so that no callback record (the Python stack's too) makes the
 * rows of its order unreadable.
 *
 * @param orderId   the order id as received when it has an order id's shape, else {@link #noOrderKey}'s key
 * @param chargeId  the charge id as received when it has a charge id's shape; null otherwise
 * @param status    the status field as received; null when none
 * @param amount    the amount field as received; null when none
 * @param outcome   what the suite did, stored as {@link ReportOutcome#asCallbackOutcome}
 * @param reason    why, for a rejection; null otherwise
 * @param rawEvent  the complete event, JSON
 * @param requestId API Gateway's request id; null when none
 */
public record QrCallbackRecord(ReceivedId orderId, Instant createdAt, ReceivedId chargeId, String status, String amount,
        ReportOutcome outcome, String reason, String rawEvent, String requestId) {

    /**
     * How the hash key of a callback that carried no usable order id begins (the table's hash key cannot be
     * empty); rows written before {@link #noOrderKey} are under {@code "-"} alone.
     */
    public static final String NO_ORDER = "-";
    /** Into how many keys the callbacks with no usable order id of one hour are spread. */
    public static final int NO_ORDER_SHARDS = 16;

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    /**
     * The hash key of a callback with no usable order id: {@code "-"}, its hour (UTC) and one of
     * {@value #NO_ORDER_SHARDS} shards chosen by its request id, {@code -2026-12-06T22/07}. Junk callbacks
     * (a probe, a broken page) then spread over 16 keys an hour instead of sharing one key for ever, and one
     * hour's are found with {@link #noOrderKeys} (16 queries). No order id has this shape (it begins with a digit).
     *
     * @param requestId API Gateway's request id; when null, the raw event chooses the shard
     */
    public static String noOrderKey(Instant at, String requestId, String rawEvent) {
        int shard = Math.floorMod(Objects.hashCode(requestId != null ? requestId : rawEvent), NO_ORDER_SHARDS);
        return NO_ORDER + HOUR.format(at) + "/" + String.format("%02d", shard);
    }

    /** Every key the callbacks with no usable order id received in the hour of {@code at} are under. */
    public static List<String> noOrderKeys(Instant at) {
        String hour = NO_ORDER + HOUR.format(at.truncatedTo(ChronoUnit.HOURS)) + "/";
        List<String> keys = new ArrayList<>();
        for (int shard = 0; shard < NO_ORDER_SHARDS; shard++) {
            keys.add(hour + String.format("%02d", shard));
        }
        return keys;
    }

    /** Whether a hash key is one of a callback with no usable order id ({@code "-"}, or {@link #noOrderKey}'s). */
    public static boolean isNoOrder(String orderId) {
        return orderId != null && orderId.startsWith(NO_ORDER);
    }

    /** Builds a QrCallbackRecord as the table's schema reads it, attribute by attribute. */
    static final class Builder {
        private ReceivedId orderId;
        private Instant createdAt;
        private ReceivedId chargeId;
        private String status;
        private String amount;
        private ReportOutcome outcome;
        private String reason;
        private String rawEvent;
        private String requestId;

        void orderId(ReceivedId value) {
            orderId = value;
        }

        void createdAt(Instant value) {
            createdAt = value;
        }

        void chargeId(ReceivedId value) {
            chargeId = value;
        }

        void status(String value) {
            status = value;
        }

        void amount(String value) {
            amount = value;
        }

        void outcome(ReportOutcome value) {
            outcome = value;
        }

        void reason(String value) {
            reason = value;
        }

        void rawEvent(String value) {
            rawEvent = value;
        }

        void requestId(String value) {
            requestId = value;
        }

        QrCallbackRecord build() {
            return new QrCallbackRecord(orderId, createdAt, chargeId, status, amount, outcome, reason, rawEvent, requestId);
        }
    }
}
