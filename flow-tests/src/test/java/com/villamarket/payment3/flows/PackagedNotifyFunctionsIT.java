package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.testkit.PackagedStack;
import org.junit.jupiter.api.Test;

/**
 * The jars of kbank-create-order, qr-notify and card-notify, each run by Lambda's java runtime interface
 * client as template.yaml configures it, with their sample events.
 */
class PackagedNotifyFunctionsIT {

    @Test
    void theJarsAnswerTheirSampleEvents() {
        try (PackagedStack stack = PackagedStack.start()) {
            new OrderRepository(stack.suite().dynamoDb(), stack.suite().orderTable()).put(new OrderId("492500004632"),
                    (ObjectNode) Json.parse("{\"grandTotal\": 300.0}"), DataForm.JSON_STRING);

            JsonNode order = stack.answerToFile("KBankCreateOrderFunction", "events/kbank-create-order/qr.json");
            assertEquals(200, order.path("statusCode").asInt(), order.toString());
            assertEquals("order", Json.parse(order.path("body").asText()).path("object").asText());

            JsonNode notify = stack.answerToFile("QRNotifyFunction", "events/qr-notify/failed.json");
            assertEquals("00", Json.parse(notify.path("body").asText()).path("statusCode").asText(), notify.toString());

            JsonNode forged = stack.answerToFile("CardNotifyFunction", "events/card-notify/forged.json");
            assertEquals(401, forged.path("statusCode").asInt(), forged.toString());
        }
    }
}
