package com.villamarket.payment3.common.notify;

import com.villamarket.payment3.common.aws.AwsClients;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sns.SnsClient;

/** The SNS side of notifications, through the SDK's SNS client. */
public final class Notifiers {

    private Notifiers() {
    }

    /**
     * Publishes one message to a topic; the SNS client is built on the first message.
     *
     * @return a publisher that throws the AWS SDK's exceptions when SNS refuses the message or cannot be reached
     */
    public static Consumer<String> snsTopic(AwsClients aws, String topicArn) {
        return message -> publish(aws.sns(), topicArn, message);
    }

    /** Publishes one message to a topic. */
    public static void publish(SnsClient sns, String topicArn, String message) {
        sns.publish(request -> request.topicArn(topicArn).message(message));
    }
}
