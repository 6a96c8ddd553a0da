package com.villamarket.payment3.qrcallback;

import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.PaymentRejectedException;
import com.villamarket.payment3.common.payment.RejectionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A QR callback's form ({@code orderId}, {@code status}, {@code amount}, {@code chargeId}), checked.
 * The {@code status} is the browser's word only: what counts is KBank's inquiry.
 */
record QrCallback(OrderId orderId, String status, Money amount, ChargeId chargeId) {

    private static final List<String> FIELDS = List.of("orderId", "status", "amount", "chargeId");

    /**
     * Checks the form's fields; throws {@link PaymentRejectedException} (MALFORMED) naming every problem:
     * the missing fields together, then each field that is not what it should be.
     *
     * @param form the body's fields, or null when the body could not be read as a form
     * @param formError why it could not; null when it could
     */
    static QrCallback of(Map<String, String> form, IllegalArgumentException formError) {
        if (form == null) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, formError.getMessage());
        }
        List<String> missing = FIELDS.stream().filter(f -> form.get(f) == null || form.get(f).isEmpty()).toList();
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add(names(missing) + (missing.size() == 1 ? " is missing" : " are missing"));
        }
        OrderId orderId = checked(form, "orderId", missing, problems, OrderId::parse);
        String status = checked(form, "status", missing, problems, text -> {
            if (!text.matches("[A-Za-z_]{1,20}")) {
                throw new IllegalArgumentException("status is not a status word");
            }
            return text;
        });
        Money amount = checked(form, "amount", missing, problems, Money::parse);
        ChargeId chargeId = checked(form, "chargeId", missing, problems, ChargeId::parse);
        if (!problems.isEmpty()) {
            throw new PaymentRejectedException(RejectionReason.MALFORMED, String.join("; ", problems));
        }
        return new QrCallback(orderId, status, amount, chargeId);
    }

    /** A present field parsed, or null with the parser's message added to the problems. */
    private static <T> T checked(Map<String, String> form, String name, List<String> missing, List<String> problems,
            Function<String, T> parse) {
        if (missing.contains(name)) {
            return null;
        }
        try {
            return parse.apply(form.get(name));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** "orderId", "orderId and amount", "orderId, amount and chargeId". */
    private static String names(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
