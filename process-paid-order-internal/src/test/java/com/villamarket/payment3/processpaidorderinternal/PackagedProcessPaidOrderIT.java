package com.villamarket.payment3.processpaidorderinternal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.PackagedFunction;
import com.villamarket.payment3.testkit.RepoFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deployable jar itself, in a fresh JVM, built by its no-argument constructor from the environment. */
class PackagedProcessPaidOrderIT {

    @Test
    void theShadedJarMarksTheSampleOrderPaid() {
        try (LocalSuite suite = LocalSuite.start()) {
            OrderRepository orders = new OrderRepository(suite.dynamoDb(), suite.orderTable());
            orders.put(new OrderId("002500048744"), (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
            suite.kbank().paidQrCharge("chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6", "6.00", "002500048744");
            Map<String, String> env = suite.packagedEnv(Map.of());

            PackagedFunction.Run run = PackagedFunction.invoke(PackagedFunction.jar("process-paid-order-internal"),
                    ProcessPaidOrderInternalHandler.class.getName(),
                    RepoFiles.root().resolve("events/process-paid-order-internal/qr.json"), env);

            assertEquals(0, run.exitCode(), run.stderr());
            assertTrue(run.stdout().contains("{\"statusCode\":200,\"body\":\"\\\"success\\\"\"}"), run.stdout());
            assertEquals("chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6",
                    orders.find(new OrderId("002500048744")).orElseThrow().paidChargeId());
            System.out.println("packaged process-paid-order-internal, fresh JVM: " + run.stderr().lines()
                    .filter(l -> l.startsWith("init_ms")).findFirst().orElse("?"));
        }
    }
}
