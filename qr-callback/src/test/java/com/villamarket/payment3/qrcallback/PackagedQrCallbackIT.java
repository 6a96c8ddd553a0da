package com.villamarket.payment3.qrcallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.ConfigException;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.testkit.FunctionConfiguration;
import com.villamarket.payment3.testkit.LambdaApiStub;
import com.villamarket.payment3.testkit.LambdaFunctionProcess;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.PackagedStack;
import com.villamarket.payment3.testkit.RepoFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deployable jar itself, run by Lambda's java runtime interface client as template.yaml configures it. */
class PackagedQrCallbackIT {

    @Test
    void theShadedJarConfirmsThePaidSampleAndInvokesProcessPaidOrderInternalOnce() {
        try (PackagedStack stack = PackagedStack.start()) {
            LocalSuite suite = stack.suite();
            LambdaApiStub lambda = stack.lambda();
            LambdaFunctionProcess function = stack.start("QRCallbackFunction");
            new OrderRepository(suite.dynamoDb(), suite.orderTable()).put(new OrderId("002500048744"),
                    (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
            suite.paidQrCharge("chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6", "6.00", "002500048744");
            String event = RepoFiles.read("events/qr-callback/paid.json");

            // An API function answers every request; nothing may be thrown to the runtime.
            JsonNode response = PackagedStack.answer(function, event);
            JsonNode replay = PackagedStack.answer(function, event);

            assertEquals(200, response.path("statusCode").asInt(), response.toString());
            assertEquals(200, replay.path("statusCode").asInt(), "a replay, warm, gets the same page");
            assertEquals(1, lambda.invocations().size());
            assertEquals("Event", lambda.invocations().get(0).invocationType());
            assertEquals("payment3-process-paid-order-internal-" + suite.branch(), lambda.invocations().get(0).functionName());
            System.out.println("packaged qr-callback under the runtime interface client: init "
                    + function.initDuration().toMillis() + " ms");
        }
    }

    @Test
    void theShadedJarWithoutTheBranchItRequiresFailsToInitializeAsOnLambda() {
        try (PackagedStack stack = PackagedStack.start()) {
            FunctionConfiguration withoutBranch = stack.configuration("QRCallbackFunction").withEnvironment(Map.of("BRANCH", ""));
            LambdaFunctionProcess function = stack.start(withoutBranch);

            LambdaFunctionProcess.InitError error = assertThrows(LambdaFunctionProcess.InitError.class,
                    () -> function.invoke(RepoFiles.read("events/qr-callback/paid.json")));

            assertEquals(ConfigException.class.getName(), error.error().errorType());
            assertEquals("missing required setting BRANCH", error.error().errorMessage());
            assertEquals("Runtime.BadFunctionCode", error.error().runtimeErrorType());
        }
    }
}
