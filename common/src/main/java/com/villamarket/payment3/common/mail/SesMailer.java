package com.villamarket.payment3.common.mail;

import com.villamarket.payment3.common.log.Log;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ses.SesClient;

/** {@link Mailer} over Amazon SES, whose client is built on the first e-mail; logs instead of sending when no sender is configured. */
public final class SesMailer implements Mailer {

    private final Supplier<SesClient> ses;
    private final Optional<String> from;

    public SesMailer(Supplier<SesClient> ses, Optional<String> from) {
        this.ses = ses;
        this.from = from;
    }

    @Override
    public void send(List<String> to, String subject, String text) {
        if (from.isEmpty() || to.isEmpty()) {
            Log.info("e-mail not sent: no sender or recipients configured", "subject", subject);
            return;
        }
        ses.get().sendEmail(r -> r.source(from.get())
                .destination(d -> d.toAddresses(to))
                .message(m -> m.subject(s -> s.charset("UTF-8").data(subject))
                        .body(b -> b.text(t -> t.charset("UTF-8").data(text)))));
    }
}
