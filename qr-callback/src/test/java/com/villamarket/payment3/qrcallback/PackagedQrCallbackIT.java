package com.villamarket.payment3.qrcallback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.testkit.LambdaApiStub;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.PackagedFunction;
import com.villamarket.payment3.testkit.RepoFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deployable jar itself, in a fresh JVM, built by its no-argument constructor from the environment. */
class PackagedQrCallbackIT {

    @Test
    void theShadedJarConfirmsThePaidSampleAndInvokesProcessPaidOrderInternal() {
        try (LocalSuite suite = LocalSuite.start(); LambdaApiStub lambda = LambdaApiStub.start()) {
            new OrderRepository(suite.dynamoDb(), suite.orderTable()).put(new OrderId("002500048744"),
                    (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
            suite.kbank().paidQrCharge("chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6", "6.00", "002500048744");
            Map<String, String> env = suite.packagedEnv(Map.of("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString()));

            PackagedFunction.Run run = PackagedFunction.invoke(PackagedFunction.jar("qr-callback"),
                    QrCallbackHandler.class.getName(), RepoFiles.root().resolve("events/qr-callback/paid.json"), env);

            assertEquals(0, run.exitCode(), run.stderr());
            JsonNode response = Json.parse(run.stdout().lines().filter(l -> l.startsWith("{\"statusCode\"")).findFirst()
                    .orElseThrow(() -> new AssertionError("no response in: " + run.stdout())));
            assertEquals(200, response.path("statusCode").asInt(), run.stdout());
            assertEquals(1, lambda.invocations().size());
            assertEquals("Event", lambda.invocations().get(0).invocationType());
            assertEquals("payment3-process-paid-order-internal-" + suite.branch(), lambda.invocations().get(0).functionName());
            System.out.println("packaged qr-callback, fresh JVM: " + run.stderr().lines()
                    .filter(l -> l.startsWith("init_ms")).findFirst().orElse("?"));
        }
    }
}
