package com.villamarket.payment3.common.payment;

/** Why a callback or a payment was refused; each is final for that input (a retry gives the same answer). */
public enum RejectionReason {
    /** A field is missing or malformed. */
    MALFORMED(400),
    /** The order does not exist in the order table. */
    ORDER_NOT_FOUND(404),
    /** The order has no usable grandTotal. */
    ORDER_WITHOUT_TOTAL(422),
    /** KBank does not know the charge. */
    UNKNOWN_CHARGE(400),
    /** KBank knows the charge but says it is not paid. */
    NOT_PAID(402),
    /**
     * KBank's answer leaves out what binds the charge (its id, {@code reference_order}, currency, amount, status), gives
     * a field as another JSON type than KBank's (an amount as a string, a currency as an array), or says paid and not
     * paid at once: never a payment; the error log keeps the answer for the person who looks.
     */
    KBANK_ANSWER_MALFORMED(422),
    /** KBank's amount differs, by any satang, from the order's total or from the callback's amount. */
    AMOUNT_MISMATCH(400),
    /** The charge is not in baht. */
    WRONG_CURRENCY(400),
    /** KBank's charge names another order, or KBank answered for another charge. */
    OTHER_ORDER(409),
    /** The charge is already recorded for another order. */
    CHARGE_USED(409),
    /** The order was already paid with another charge: this payment needs a refund. */
    ORDER_ALREADY_PAID(409),
    /** KBank refused the card token itself (expired, used, not KBank's). */
    CARD_REFUSED(400),
    /** A server-to-server notification whose signature (checksum) is not KBank's. */
    INVALID_CHECKSUM(401),
    /** A notification for another partner or merchant than this shop. */
    NOT_OURS(403),
    /** The caller names another owner than the order's or the signed-in customer's, or one the suite cannot vouch for. */
    OTHER_OWNER(403);

    private final int httpStatus;

    RejectionReason(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status a callback rejected for this reason is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
