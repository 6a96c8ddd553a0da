package com.villamarket.payment3.processpaidorderinternal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.persistence.QrPaymentRecord;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import java.time.Instant;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.testkit.LambdaFunctionProcess;
import com.villamarket.payment3.testkit.LocalSuite;
import com.villamarket.payment3.testkit.PackagedStack;
import com.villamarket.payment3.testkit.RepoFiles;
import org.junit.jupiter.api.Test;

/** The deployable jar itself, run by Lambda's java runtime interface client as template.yaml configures it. */
class PackagedProcessPaidOrderIT {

    @Test
    void theShadedJarMarksTheSampleOrderPaid() {
        try (PackagedStack stack = PackagedStack.start()) {
            LocalSuite suite = stack.suite();
            LambdaFunctionProcess function = stack.start("ProcessPaidOrderInternalFunction");
            OrderRepository orders = new OrderRepository(suite.dynamoDb(), suite.orderTable());
            orders.put(new OrderId("002500048744"), (ObjectNode) Json.parse("{\"grandTotal\": 6.0}"), DataForm.JSON_STRING);
            suite.paidQrCharge("chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6", "6.00", "002500048744");
            // What the QR settle path records before it hands a paid charge on.
            new QrPaymentRecordRepository(suite.dynamoDb(), new Names(suite.branch()).qrPaymentRecordTable())
                    .recordIfAbsent(QrPaymentRecord.fresh(new ChargeId("chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6"),
                            new OrderId("002500048744"), Instant.now(), true, Money.of("6.00")));

            String answer = function.invoke(RepoFiles.read("events/process-paid-order-internal/qr.json")).responseOrThrow();

            assertEquals("{\"statusCode\":200,\"body\":\"\\\"success\\\"\"}", answer);
            assertEquals("chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6",
                    orders.find(new OrderId("002500048744")).orElseThrow().paidChargeId().value());
            System.out.println("packaged process-paid-order-internal under the runtime interface client: init "
                    + function.initDuration().toMillis() + " ms");
        }
    }
}
