package com.villamarket.payment3.common.notify;

import com.villamarket.payment3.common.aws.AwsApi;
import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.aws.AwsService;
import com.villamarket.payment3.common.aws.QueryForm;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.http.SdkHttpMethod;

/** The SNS side of notifications: SNS's Publish action as one signed request, the request the SDK's client sends. */
public final class Notifiers {

    private Notifiers() {
    }

    /**
     * Publishes one message to a topic; AWS is reached on the first message.
     *
     * @return a publisher that throws the AWS SDK's exceptions when SNS refuses the message or cannot be reached
     */
    public static Consumer<String> snsTopic(AwsClients aws, String topicArn) {
        return message -> publish(aws.api(), topicArn, message);
    }

    /** Publishes one message to a topic. */
    public static void publish(AwsApi api, String topicArn, String message) {
        byte[] form = QueryForm.action("Publish", "2010-03-31").add("TopicArn", topicArn).add("Message", message).bytes();
        api.call(AwsService.SNS, SdkHttpMethod.POST, "/", Map.of(), Map.of("Content-Type", QueryForm.CONTENT_TYPE), form);
    }
}
