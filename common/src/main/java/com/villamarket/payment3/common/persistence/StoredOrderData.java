package com.villamarket.payment3.common.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.persistence.Order.DataForm;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An order's {@code data} as stored: the JSON, the form it is stored in (PynamoDB's {@code JSONAttribute},
 * a JSON text in an S attribute, or a native M map), and the text exactly as stored when it is one.
 *
 * @param text the stored text of a JSON string; null for a map
 */
record StoredOrderData(ObjectNode json, DataForm form, String text) {

    /** Reads either form, and writes each back in its own: a text as it was stored, a map as a map. */
    static final AttributeConverter<StoredOrderData> CONVERTER = new AttributeConverter<>() {
        @Override
        public AttributeValue transformFrom(StoredOrderData input) {
            if (input.form() == DataForm.MAP) {
                return DynamoJson.toAttribute(input.json());
            }
            return AttributeValue.fromS(input.text() != null ? input.text() : Json.write(input.json()));
        }

        @Override
        public StoredOrderData transformTo(AttributeValue input) {
            if (input.s() != null) {
                JsonNode parsed;
                try {
                    parsed = Json.parse(input.s());
                } catch (IllegalArgumentException e) {
                    throw new StoredDataException("its data is not JSON", e);
                }
                if (!parsed.isObject()) {
                    throw new StoredDataException("its data is not a JSON object");
                }
                return new StoredOrderData((ObjectNode) parsed, DataForm.JSON_STRING, input.s());
            }
            if (input.hasM()) {
                return new StoredOrderData((ObjectNode) DynamoJson.fromAttribute(input), DataForm.MAP, null);
            }
            // Neither a text nor a map: as good as none.
            return null;
        }

        @Override
        public EnhancedType<StoredOrderData> type() {
            return EnhancedType.of(StoredOrderData.class);
        }

        @Override
        public AttributeValueType attributeValueType() {
            return AttributeValueType.S;
        }
    };
}
