package com.villamarket.payment3.common.notify;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.wiring.Components;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sns.SnsClient;

/** Builds the production {@link Notifier}; only functions that carry the SNS SDK call it. */
public final class Notifiers {

    private Notifiers() {
    }

    /** E-mail to {@code NOTIFICATION_EMAIL_TO}, and SNS when {@code NOTIFICATION_TOPIC_ARN} is set. */
    public static Notifier production(Components components, AwsClients aws) {
        Config config = components.config();
        Optional<Consumer<String>> topic = config.notificationTopicArn().map(arn -> {
            SnsClient sns = aws.configure(SnsClient.builder(), Optional.empty()).build();
            return message -> sns.publish(r -> r.topicArn(arn).message(message));
        });
        return new EmailNotifier(components.mailer(), config.notificationEmailTo(), topic, config.branch());
    }
}
