package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.testkit.LambdaApiStub;
import com.villamarket.payment3.testkit.LambdaFunctionProcess;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.RepoFiles;
import org.junit.jupiter.api.Test;

/**
 * The jars of kbank-create-order, qr-notify and card-notify, each run by Lambda's java runtime interface
 * client as template.yaml configures it, with their sample events.
 */
class PackagedNotifyFunctionsIT {

    /** The function's answer to one sample event; an API function never throws to the runtime. */
    private static JsonNode answer(LocalSuite suite, LambdaApiStub lambda, String function, String event) {
        try (LambdaFunctionProcess process = suite.startFunction(function, lambda)) {
            return Json.parse(process.invoke(RepoFiles.read(event)).responseOrThrow());
        }
    }

    @Test
    void theJarsAnswerTheirSampleEvents() {
        try (LocalSuite suite = LocalSuite.start(); LambdaApiStub lambda = LambdaApiStub.start()) {
            new OrderRepository(suite.dynamoDb(), suite.orderTable()).put(new OrderId("492500004632"),
                    (ObjectNode) Json.parse("{\"grandTotal\": 300.0}"), DataForm.JSON_STRING);

            JsonNode order = answer(suite, lambda, "KBankCreateOrderFunction", "events/kbank-create-order/qr.json");
            assertEquals(200, order.path("statusCode").asInt(), order.toString());
            assertEquals("order", Json.parse(order.path("body").asText()).path("object").asText());

            JsonNode notify = answer(suite, lambda, "QRNotifyFunction", "events/qr-notify/failed.json");
            assertEquals("00", Json.parse(notify.path("body").asText()).path("statusCode").asText(), notify.toString());

            JsonNode forged = answer(suite, lambda, "CardNotifyFunction", "events/card-notify/forged.json");
            assertEquals(401, forged.path("statusCode").asInt(), forged.toString());
        }
    }
}
