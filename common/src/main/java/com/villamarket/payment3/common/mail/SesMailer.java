package com.villamarket.payment3.common.mail;

import com.villamarket.payment3.common.log.Log;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link Mailer} over Amazon SES, reached on the first e-mail; logs instead of sending when no sender is configured. */
public final class SesMailer implements Mailer {

    private final Supplier<? extends SendEmail> ses;
    private final Optional<String> from;

    public SesMailer(Supplier<? extends SendEmail> ses, Optional<String> from) {
        this.ses = ses;
        this.from = from;
    }

    @Override
    public void send(List<String> to, String subject, String text) {
        if (from.isEmpty() || to.isEmpty()) {
            Log.info("e-mail not sent: no sender or recipients configured", "subject", subject);
            return;
        }
        ses.get().sendEmail(from.get(), to, subject, text);
    }
}
