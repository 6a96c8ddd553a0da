package com.villamarket.payment3.common.mail;

import java.util.List;

/** Amazon SES's SendEmail action, as far as the suite uses it: one plain-text message, UTF-8. */
public interface SendEmail {

    /**
     * Sends one message.
     *
     * @throws RuntimeException when SES refuses it or cannot be reached (the AWS SDK's exceptions)
     */
    void sendEmail(String from, List<String> to, String subject, String text);
}
