package com.villamarket.payment3.common.kbank;

import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.money.Money;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The checksum of KBank's card notify (as every public integration computes it): lowercase hex SHA-256 of
 * {@code id + amount with exactly 4 decimals + currency + status + transaction_state + secret key},
 * compared in constant time.
 */
public final class NotifyChecksum {

    private NotifyChecksum() {
    }

    /** Whether the notify's {@code checksum} is the one this secret key gives; false when a field is missing. */
    public static boolean isValid(JsonNode notify, KBankClient kbank) {
        return isValid(notify, kbank.secretKeyForChecksum());
    }

    static boolean isValid(JsonNode notify, String secretKey) {
        String given = Json.text(notify, "checksum");
        String expected = compute(notify, secretKey);
        if (given == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** The checksum a notify should carry; null when a field it covers is missing or the amount is not a decimal. */
    static String compute(JsonNode notify, String secretKey) {
        String id = Json.text(notify, "id");
        String currency = Json.text(notify, "currency");
        String status = Json.text(notify, "status");
        String state = Json.text(notify, "transaction_state");
        JsonNode amount = notify.get("amount");
        if (id == null || currency == null || status == null || state == null || amount == null || amount.isNull()) {
            return null;
        }
        String fourDecimals;
        try {
            // Bounded first: 1e19999999 is a short token that setScale would turn into twenty million digits.
            fourDecimals = Money.decimalFromJson(amount).setScale(4, RoundingMode.HALF_UP).toPlainString();
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest((id + fourDecimals + currency + status + state + secretKey)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
