package com.villamarket.payment3.common.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.mail.Mailer;
import com.villamarket.payment3.common.payment.VerifiedPayment;
import com.villamarket.payment3.common.persistence.PaymentType;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link Notifier} by e-mail to the configured recipients, and to an SNS topic when one is
 * configured (the publisher is given as a function so that only the functions using SNS carry its SDK).
 */
public final class MailAndTopicNotifier implements Notifier {

    private final Mailer mailer;
    private final List<String> recipients;
    private final Optional<Consumer<String>> topic;
    private final String branch;

    /** @param topic publishes one JSON message to the notification topic; empty when none is configured */
    public MailAndTopicNotifier(Mailer mailer, List<String> recipients, Optional<Consumer<String>> topic, String branch) {
        this.mailer = mailer;
        this.recipients = List.copyOf(recipients);
        this.topic = topic;
        this.branch = branch;
    }

    @Override
    public void paid(VerifiedPayment payment) {
        mailer.send(recipients, "[payment3 " + branch + "] Order " + payment.orderId() + " paid",
                "Order " + payment.orderId() + " is paid.\n"
                        + "Amount: " + payment.paidAmount().toPlainString() + " THB\n"
                        + "Method: " + payment.paymentMethod() + "\n"
                        + "Charge: " + payment.chargeId() + "\n");
        ObjectNode message = Json.object();
        message.put("event", "order.paid");
        message.put("orderId", payment.orderId().value());
        message.put("chargeId", payment.chargeId().value());
        message.put("amount", payment.paidAmount().amount());
        message.put("paymentMethod", payment.paymentMethod());
        topic.ifPresent(publish -> publish.accept(Json.write(message)));
    }

    @Override
    public void failed(OrderId orderId, PaymentType paymentType, ChargeId chargeId, String reason) {
        mailer.send(recipients, "[payment3 " + branch + "] Payment of order " + orderId + " failed",
                "The " + paymentType.wire() + " payment of order " + orderId + " failed.\n"
                        + "Charge: " + chargeId + "\n"
                        + "Reason: " + reason + "\n");
        ObjectNode message = Json.object();
        message.put("event", "order.payment_failed");
        message.put("orderId", orderId.value());
        message.put("chargeId", chargeId.value());
        message.put("paymentType", paymentType.wire());
        message.put("reason", reason);
        topic.ifPresent(publish -> publish.accept(Json.write(message)));
    }
}
