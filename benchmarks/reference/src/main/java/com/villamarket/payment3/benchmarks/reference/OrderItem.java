package com.villamarket.payment3.benchmarks.reference;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** The shop's order, as a bean for the enhanced client's reflective schema; {@code data} is the order as JSON. */
@DynamoDbBean
public class OrderItem {

    private String orderId;
    private String data;

    @DynamoDbPartitionKey
    public String getOrderId() {
        return orderId;
    }

    public void setOrderId(String orderId) {
        this.orderId = orderId;
    }

    public String getData() {
        return data;
    }

    public void setData(String data) {
        this.data = data;
    }
}
