package com.villamarket.payment3.testkit;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The KBank QR orders the QR sample events under {@code events/} name: their charges (KBank's fixtures
 * {@code kbank/qr/v2/qr/<charge>-get.json}) were made for KBank orders the Python stack's kbank-create-order
 * recorded, {@value #REFERENCE} for order {@value #ORDER} (paid) and {@value #DECLINED_REFERENCE} for order
 * {@value #DECLINED_ORDER} (declined). One home for the local stack's sample world and the benchmark: the QR rules
 * take a charge as an order's only when its {@code reference_order} is such a record.
 */
public final class SampleQrOrders {

    public static final String ORDER = "002500048744";
    public static final String CHARGE = "chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6";
    public static final String REFERENCE = "0025000487441748613417.737979";
    public static final String DECLINED_ORDER = "002500048745";
    public static final String DECLINED_REFERENCE = "0025000487451748613417.737979";

    private SampleQrOrders() {
    }

    /** Records the samples' KBank orders in a branch's KBank order table, as the Python stack left them. */
    public static void recordAt(DynamoDbClient dynamoDb, String branch) {
        PythonEraRecords python = new PythonEraRecords(dynamoDb);
        String table = "payment3-kbank-order-" + branch;
        python.kbankOrder(table, REFERENCE, ORDER, "order_prod_sample_" + ORDER, "6.0", "qr");
        python.kbankOrder(table, DECLINED_REFERENCE, DECLINED_ORDER, "order_prod_sample_" + DECLINED_ORDER, "6.0", "qr");
    }
}
