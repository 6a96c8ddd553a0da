package com.villamarket.payment3.common.mail;

import com.villamarket.payment3.common.aws.AwsApi;
import com.villamarket.payment3.common.aws.AwsService;
import com.villamarket.payment3.common.aws.QueryForm;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpMethod;

/** {@link SendEmail} as one signed request of SES's query API ({@code Action=SendEmail}), the request the SDK's client sends. */
public final class SesSendEmail implements SendEmail {

    private final AwsApi api;

    public SesSendEmail(AwsApi api) {
        this.api = api;
    }

    @Override
    public void sendEmail(String from, List<String> to, String subject, String text) {
        QueryForm form = QueryForm.action("SendEmail", "2010-12-01").add("Source", from);
        for (int i = 0; i < to.size(); i++) {
            form.add("Destination.ToAddresses.member." + (i + 1), to.get(i));
        }
        form.add("Message.Subject.Data", subject).add("Message.Subject.Charset", "UTF-8")
                .add("Message.Body.Text.Data", text).add("Message.Body.Text.Charset", "UTF-8");
        api.call(AwsService.SES, SdkHttpMethod.POST, "/", Map.of(), Map.of("Content-Type", QueryForm.CONTENT_TYPE), form.bytes());
    }
}
