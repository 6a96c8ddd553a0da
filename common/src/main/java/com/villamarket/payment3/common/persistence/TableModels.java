package com.villamarket.payment3.common.persistence;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every table model's schema, for priming: reading and writing a sample item loads and links each one's mapping. */
public final class TableModels {

    private static final List<Models.Lazy<? extends TableSchema<?>>> SCHEMAS = List.of(OrderRepository.SCHEMA, QrPaymentRecordRepository.SCHEMA,
            CardPaymentRecordRepository.SCHEMA, KBankUserMappingRepository.SCHEMA, KBankOrderRepository.SCHEMA, CallbackErrorLogRepository.SCHEMA, QrCallbackRecordRepository.SCHEMA,
            ProcessPaidOrderLogRepository.SCHEMA, CheckStatusRepository.SCHEMA, CreditCardNotifyRepository.SCHEMA,
            QrNotifyRepository.SCHEMA);

    /** A sample item with an attribute of every stored type the models read; no real item's values. */
    private static final Map<String, AttributeValue> SAMPLE = Map.of(
            "orderId", AttributeValue.fromS("payment3-priming"),
            "tokenId", AttributeValue.fromS("chrg_test_priming"),
            "data", AttributeValue.fromS("{\"grandTotal\":6.00}"),
            "createdAt", AttributeValue.fromS("2025-05-30T20:56:58.833000+0000"),
            "created_at", AttributeValue.fromS("2025-05-30T20:56:58.833000+0000"),
            "status", AttributeValue.fromBool(true),
            "paidAmount", AttributeValue.fromN("6"),
            "payment3HandOn", AttributeValue.fromM(Map.of("state", AttributeValue.fromS("DONE"))));

    private TableModels() {
    }

    /** Maps the sample through every schema, both ways; touches no table. */
    public static void prime() {
        for (Models.Lazy<? extends TableSchema<?>> schema : SCHEMAS) {
            roundTrip(schema.get());
        }
    }

    private static <T> void roundTrip(TableSchema<T> schema) {
        try {
            T item = schema.mapToItem(SAMPLE);
            if (item != null) {
                schema.itemToMap(item, true);
            }
        } catch (StoredDataException e) {
            // A model whose key the sample does not have: its converters are loaded all the same.
        }
    }
}
