package com.villamarket.payment3.common.notify;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.aws.Lazy;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;

/** The SNS side of notifications; only functions that notify carry the SNS SDK, and its client is built on first use. */
public final class Notifiers {

    private Notifiers() {
    }

    /** Publishes one message to a topic; the SNS client is built on the first message. */
    public static Consumer<String> snsTopic(AwsClients aws, String topicArn) {
        Supplier<SnsClient> sns = Lazy.of(() -> aws.configure(SnsClient.builder(), Optional.empty()).build());
        return message -> sns.get().publish(r -> r.topicArn(topicArn).message(message));
    }
}
