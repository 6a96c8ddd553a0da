package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.cardnotify.CardNotifyHandler;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.kbankorder.CreateOrderHandler;
import com.villamarket.payment3.qrnotify.QrNotifyHandler;
import com.villamarket.payment3.testkit.LambdaApiStub;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.PackagedFunction;
import com.villamarket.payment3.testkit.RepoFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jars of kbank-create-order, qr-notify and card-notify, each in a fresh JVM, with their sample events. */
class PackagedNotifyFunctionsIT {

    private static JsonNode run(String module, Class<?> handler, String event, Map<String, String> env) {
        PackagedFunction.Run run = PackagedFunction.invoke(PackagedFunction.jarOf(module), handler.getName(),
                RepoFiles.root().resolve(event), env);
        assertEquals(0, run.exitCode(), run.stderr());
        return Json.parse(run.stdout().lines().filter(l -> l.startsWith("{\"statusCode\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no response in: " + run.stdout())));
    }

    @Test
    void theJarsAnswerTheirSampleEvents() {
        try (LocalSuite suite = LocalSuite.start(); LambdaApiStub lambda = LambdaApiStub.start()) {
            new OrderRepository(suite.dynamoDb(), suite.orderTable()).put(new OrderId("492500004632"),
                    (ObjectNode) Json.parse("{\"grandTotal\": 300.0}"), DataForm.JSON_STRING);
            Map<String, String> env = suite.packagedEnv(Map.of("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString()));

            JsonNode order = run("kbank-create-order", CreateOrderHandler.class, "events/kbank-create-order/qr.json", env);
            assertEquals(200, order.path("statusCode").asInt(), order.toString());
            assertEquals("order", Json.parse(order.path("body").asText()).path("object").asText());

            JsonNode notify = run("qr-notify", QrNotifyHandler.class, "events/qr-notify/failed.json", env);
            assertEquals("00", Json.parse(notify.path("body").asText()).path("statusCode").asText(), notify.toString());

            JsonNode forged = run("card-notify", CardNotifyHandler.class, "events/card-notify/forged.json", env);
            assertEquals(401, forged.path("statusCode").asInt(), forged.toString());
        }
    }
}
