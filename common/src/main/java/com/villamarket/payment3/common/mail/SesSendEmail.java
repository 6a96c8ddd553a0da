package com.villamarket.payment3.common.mail;

import java.util.List;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.Body;
import software.amazon.awssdk.services.ses.model.Content;
import software.amazon.awssdk.services.ses.model.Destination;
import software.amazon.awssdk.services.ses.model.Message;

/** {@link SendEmail} through the SDK's SES client (SES's SendEmail action, which the template's policies grant). */
public final class SesSendEmail implements SendEmail {

    private final SesClient ses;

    public SesSendEmail(SesClient ses) {
        this.ses = ses;
    }

    @Override
    public void sendEmail(String from, List<String> to, String subject, String text) {
        ses.sendEmail(request -> request.source(from)
                .destination(Destination.builder().toAddresses(to).build())
                .message(Message.builder()
                        .subject(utf8(subject))
                        .body(Body.builder().text(utf8(text)).build())
                        .build()));
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }
}
