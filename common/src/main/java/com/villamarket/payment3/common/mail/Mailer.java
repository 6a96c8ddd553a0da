package com.villamarket.payment3.common.mail;

import java.util.List;

/** Sends plain-text e-mail. */
public interface Mailer {

    /**
     * Sends one message; with no sender or no recipients configured it only logs that it would have.
     *
     * @throws RuntimeException when the mail service refuses or cannot be reached
     */
    void send(List<String> to, String subject, String text);
}
