package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.once.OnceOnly;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code payment3-kbank-user-mapping-${BRANCH}}: the shop's owner id (hash key {@code ownerId}) to
 * KBank's customer id ({@code kbank_id}). Creating an owner's KBank customer is a once-only step
 * on the mapping item, completed together with {@code kbank_id}.
 */
public final class KBankUserMappingRepository {

    static final String OWNER_ID = "ownerId";
    static final String KBANK_ID = "kbank_id";
    /** Ours: the creation of the owner's KBank customer, a once-only step. */
    static final String CREATE = "payment3Create";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public KBankUserMappingRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** KBank's customer id of an owner; empty while none exists (or its creation is unfinished). */
    public Optional<String> kbankId(String ownerId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key(ownerId)).consistentRead(true))
                .item();
        return item == null ? Optional.empty() : Optional.ofNullable(Items.s(item, KBANK_ID));
    }

    /** Makes sure the owner's mapping item exists, so that its creation step can be claimed. */
    public void ensureItem(String ownerId) {
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(key(ownerId))
                    .conditionExpression("attribute_not_exists(#o)")
                    .expressionAttributeNames(Map.of("#o", OWNER_ID)));
        } catch (ConditionalCheckFailedException e) {
            // It exists.
        }
    }

    /** The once-only creation of the owner's KBank customer. */
    public OnceOnly.Step creation(String ownerId) {
        return new OnceOnly.Step(table, key(ownerId), CREATE);
    }

    /** The claim condition of a creation: no KBank customer is mapped yet. */
    public static OnceOnly.Condition notCreated() {
        return new OnceOnly.Condition("attribute_not_exists(#c0)", Map.of("#c0", KBANK_ID), Map.of());
    }

    /** What completing the creation writes with DONE: KBank's customer id. */
    public static Map<String, AttributeValue> created(String kbankId) {
        return Map.of(KBANK_ID, Items.s(kbankId));
    }

    /** Writes a finished mapping (seeding, tests). */
    public void put(String ownerId, String kbankId) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(OWNER_ID, Items.s(ownerId), KBANK_ID, Items.s(kbankId))));
    }

    private static Map<String, AttributeValue> key(String ownerId) {
        return Map.of(OWNER_ID, Items.s(ownerId));
    }
}
