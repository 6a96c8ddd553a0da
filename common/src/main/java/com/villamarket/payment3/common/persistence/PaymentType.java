package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.util.Locale;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;

/**
 * How an order was paid, spelled {@code qr} or {@code card} by the payloads that hand a payment on and by the
 * process-paid-order rows ({@code paymentType}); a stored spelling this build does not know reads as
 * {@link #UNKNOWN}.
 */
public enum PaymentType {
    /** A Thai QR (or WeChat) payment. */
    QR,
    /** A card payment (or a card verification). */
    CARD,
    /** A stored spelling this build does not know; never written, never in a payload. */
    UNKNOWN;

    /** A process-paid-order row's {@code paymentType} as it stores it, {@link #wire()}; read by {@link #fromWire}. */
    static final AttributeConverter<PaymentType> STORED = PynamoConverters.id(PaymentType.class, PaymentType::fromWire,
            PaymentType::wire);

    /** As the payloads and the stored rows spell it: {@code qr}, {@code card}. */
    public String wire() {
        if (this == UNKNOWN) {
            throw new IllegalStateException("UNKNOWN is what an unknown stored spelling reads as, never one to write");
        }
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type spelled {@code text} exactly as {@link #wire()} spells it; null for null, {@link #UNKNOWN} for any other. */
    public static PaymentType fromWire(String text) {
        if (text == null) {
            return null;
        }
        for (PaymentType type : values()) {
            if (type != UNKNOWN && type.wire().equals(text)) {
                return type;
            }
        }
        return UNKNOWN;
    }
}
