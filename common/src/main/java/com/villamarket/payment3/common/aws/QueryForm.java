package com.villamarket.payment3.common.aws;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** The form body of an AWS query-protocol action (SES, SNS), encoded as the SDK encodes it. */
public final class QueryForm {

    /** The content type of a query-protocol request. */
    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

    private final StringBuilder body = new StringBuilder();

    private QueryForm() {
    }

    /** A form naming its action and the API version. */
    public static QueryForm action(String action, String version) {
        return new QueryForm().add("Action", action).add("Version", version);
    }

    public QueryForm add(String name, String value) {
        if (body.length() > 0) {
            body.append('&');
        }
        body.append(SdkHttpUtils.urlEncode(name)).append('=').append(SdkHttpUtils.urlEncode(value));
        return this;
    }

    public byte[] bytes() {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return body.toString();
    }
}
