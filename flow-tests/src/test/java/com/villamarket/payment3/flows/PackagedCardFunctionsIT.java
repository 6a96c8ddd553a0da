package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.cardcallback.CardCallbackHandler;
import com.villamarket.payment3.cardtoken.CardTokenHandler;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.kbankcard.AddCardHandler;
import com.villamarket.payment3.kbankuser.CreateUserHandler;
import com.villamarket.payment3.processpaidorder.ProcessPaidOrderHandler;
import com.villamarket.payment3.testkit.LambdaApiStub;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.PackagedFunction;
import com.villamarket.payment3.testkit.RepoFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The five card functions' deployable jars, each in a fresh JVM built by its no-argument
 * constructor from the environment, driven through the 3-D Secure flow with the sample events.
 */
class PackagedCardFunctionsIT {

    private static JsonNode response(PackagedFunction.Run run) {
        assertEquals(0, run.exitCode(), run.stderr());
        return Json.parse(run.stdout().lines().filter(l -> l.startsWith("{\"statusCode\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no response in: " + run.stdout())));
    }

    private static PackagedFunction.Run run(String module, Class<?> handler, String event, Map<String, String> env) {
        return PackagedFunction.invoke(PackagedFunction.jarOf(module), handler.getName(), RepoFiles.root().resolve(event), env);
    }

    @Test
    void theCardJarsTakeAThreeDSecurePaymentFromTokenToKeptCard() {
        try (LocalSuite suite = LocalSuite.start(); LambdaApiStub lambda = LambdaApiStub.start()) {
            OrderRepository orders = new OrderRepository(suite.dynamoDb(), suite.orderTable());
            orders.put(new OrderId("492500005644"), (ObjectNode) Json.parse("{\"grandTotal\": 99}"), DataForm.JSON_STRING);
            suite.kbank().cardToken("tokn_test_sample_3ds", "3ds", "chrg_test_sample_3ds");
            Map<String, String> env = suite.packagedEnv(Map.of("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString()));

            JsonNode started = response(run("card-token", CardTokenHandler.class, "events/card-token/3ds.json", env));
            assertEquals(200, started.path("statusCode").asInt());
            assertTrue(started.path("body").asText().contains("/_3ds/chrg_test_sample_3ds"));

            suite.kbank().complete3ds("chrg_test_sample_3ds", true);
            JsonNode callback = response(run("card-callback", CardCallbackHandler.class, "events/card-callback/paid.json", env));
            assertEquals(200, callback.path("statusCode").asInt(), callback.toString());
            List<LambdaApiStub.Invocation> invocations = lambda.invocations();
            assertEquals(1, invocations.size());
            assertEquals("payment3-process-paid-order-" + suite.branch(), invocations.get(0).functionName());
            assertEquals("Event", invocations.get(0).invocationType());

            response(run("process-paid-order", ProcessPaidOrderHandler.class, "events/process-paid-order/card.json", env));
            assertEquals("chrg_test_sample_3ds", orders.find(new OrderId("492500005644")).orElseThrow().paidChargeId());

            JsonNode created = response(run("kbank-create-user", CreateUserHandler.class,
                    "events/kbank-create-user/save-card.json", env));
            assertEquals("CREATED", created.path("body").asText());
            assertEquals(1, suite.kbank().customers().size());

            suite.kbank().existingCustomer("cust_test_sample");
            JsonNode added = response(run("kbank-add-card", AddCardHandler.class, "events/kbank-add-card/add-card.json", env));
            assertEquals("cust_test_sample", added.path("body").asText());
            assertEquals(List.of("tokn_test_sample_3ds"), suite.kbank().customers().get("cust_test_sample"));
        }
    }
}
