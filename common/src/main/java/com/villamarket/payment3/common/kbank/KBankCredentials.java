package com.villamarket.payment3.common.kbank;

import java.net.URI;
import java.util.Objects;

/**
 * KBank's keys and endpoint for this branch. {@link #toString()} never shows a key.
 *
 * @param secretKey the server key sent as {@code x-api-key} ({@code skey_…})
 * @param baseUrl   the API's base URL, without a trailing slash
 * @param merchantId KBank's merchant id ({@code mid}); may be empty
 */
public record KBankCredentials(String secretKey, URI baseUrl, String merchantId) {

    public KBankCredentials {
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (secretKey.isBlank()) {
            throw new IllegalArgumentException("KBank secret key is empty");
        }
        merchantId = merchantId == null ? "" : merchantId;
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
    }

    @Override
    public String toString() {
        return "KBankCredentials[baseUrl=" + baseUrl + ", merchantId=" + merchantId + ", keys=<redacted>]";
    }
}
