package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.pynamo.PynamoConverters;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;

/**
 * What one ProcessPaidOrder(Internal) attempt came to, as its row in the process-paid-order table stores it by
 * name in {@code outcome}; a stored name this build does not know reads as {@link #UNKNOWN}. {@link #PAID},
 * {@link #ALREADY_PAID} and {@link #NOT_PAID} mean what {@code PaidOrderProcessor.Outcome}'s names mean; the row
 * also tells a refusal and a failure apart, which the answer does not.
 */
public enum ProcessedAs {
    /** The order is paid with this charge: the one success row ({@code is_error} false). */
    PAID,
    /** The order was paid already with another charge, or by the Python stack. */
    ALREADY_PAID,
    /** KBank says the charge is not paid (declined, voided): the customer is told. */
    NOT_PAID,
    /** Refused for good for another reason (another order or amount, unknown to KBank). */
    REFUSED,
    /** KBank has not settled the charge yet: nothing is final. */
    PENDING,
    /** A failure on our side (KBank or AWS did not answer, a defect): retried. */
    FAILED,
    /** A stored name this build does not know; never written. */
    UNKNOWN;

    /** A row's outcome as it stores it, by name. */
    static final AttributeConverter<ProcessedAs> STORED = PynamoConverters.named(ProcessedAs.class, UNKNOWN);
}
