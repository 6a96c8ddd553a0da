package com.villamarket.payment3.common.persistence;

import java.time.Instant;

/**
 * One processing attempt in the process-paid-order table.
 *
 * @param data        the order data as processed, JSON
 * @param isError     whether the attempt failed
 * @param paymentType {@code qr} or {@code card}
 * @param chargeId    the charge processed; null when unknown
 * @param outcome     for example {@code PAID}, {@code NOT_PAID}, {@code FAILED}
 * @param error       what went wrong; null on success
 */
public record ProcessPaidOrderLog(String orderId, Instant createdAt, String data, boolean isError, String paymentType,
        String chargeId, String outcome, String error) {
}
