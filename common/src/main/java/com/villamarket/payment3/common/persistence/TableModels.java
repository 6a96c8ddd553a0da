package com.villamarket.payment3.common.persistence;

import java.util.HashMap;
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

    /**
     * A sample item with an attribute of every stored type the models read; no real item's values. Its
     * {@code tokenId} is a charge id, as a QR payment record's is.
     */
    private static final Map<String, AttributeValue> SAMPLE = Map.of(
            "orderId", AttributeValue.fromS("payment3-priming"),
            "tokenId", AttributeValue.fromS("chrg_test_priming"),
            "data", AttributeValue.fromS("{\"grandTotal\":6.00}"),
            "createdAt", AttributeValue.fromS("2025-05-30T20:56:58.833000+0000"),
            "created_at", AttributeValue.fromS("2025-05-30T20:56:58.833000+0000"),
            "status", AttributeValue.fromBool(true),
            "paidAmount", AttributeValue.fromN("6"),
            "payment3HandOn", AttributeValue.fromM(Map.of("state", AttributeValue.fromS("DONE"))));

    /** The sample as a card payment record's, whose {@code tokenId} is a card token. */
    private static final Map<String, AttributeValue> CARD_SAMPLE = withCardToken();

    private TableModels() {
    }

    /** Maps the sample through every schema, both ways; touches no table. */
    public static void prime() {
        for (Models.Lazy<? extends TableSchema<?>> schema : SCHEMAS) {
            roundTrip(schema.get());
        }
    }

    private static <T> void roundTrip(TableSchema<T> schema) {
        for (Map<String, AttributeValue> sample : List.of(SAMPLE, CARD_SAMPLE)) {
            try {
                T item = schema.mapToItem(sample);
                if (item != null) {
                    schema.itemToMap(item, true);
                }
                return;
            } catch (StoredDataException | IllegalArgumentException e) {
                // A model whose key the sample does not have, or not in its id's shape: its converters are loaded
                // all the same, and the next sample may be in its shape.
            }
        }
    }

    private static Map<String, AttributeValue> withCardToken() {
        Map<String, AttributeValue> sample = new HashMap<>(SAMPLE);
        sample.put("tokenId", AttributeValue.fromS("tokn_test_priming"));
        sample.put("chargeId", AttributeValue.fromS("chrg_test_priming"));
        return Map.copyOf(sample);
    }
}
