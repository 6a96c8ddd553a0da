package com.villamarket.payment3.common.persistence;

import java.time.Instant;

/**
 * One QR payment notification of KBank's as received, with what became of it.
 *
 * @param partnerTxnUid the notification's id (the KBank order's reference), or "-" when it had none usable
 * @param statusCode    KBank's {@code statusCode}; null when none
 * @param outcome       what the suite did, for example {@code ACCEPTED}
 * @param reason        why, for a refusal; null otherwise
 * @param rawEvent      the complete event, JSON
 */
public record QrNotify(String partnerTxnUid, Instant createdAt, String statusCode, String outcome, String reason,
        String rawEvent) {
}
