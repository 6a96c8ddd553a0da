package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.once.StepState;
import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
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

    /** The table's model: the Python stack's two attributes and our creation step. */
    static final Models.Lazy<TableSchema<KBankUserMapping>> SCHEMA = Models.lazy(() -> Models.schema(
                    KBankUserMapping.class,
                    KBankUserMapping.Builder.class, KBankUserMapping.Builder::new, KBankUserMapping.Builder::build)
            .add(OWNER_ID, IdConverters.OWNER_ID, KBankUserMapping::ownerId, KBankUserMapping.Builder::ownerId,
                    primaryPartitionKey())
            .add(KBANK_ID, PynamoConverters.TEXT, KBankUserMapping::kbankId, KBankUserMapping.Builder::kbankId)
            .step(CREATE, KBankUserMapping.Builder::creation)
            .build());

    private final String table;
    private final Models.Lazy<DynamoDbTable<KBankUserMapping>> mappings;

    public KBankUserMappingRepository(DynamoDbClient dynamoDb, String table) {
        this.table = table;
        this.mappings = Models.lazy(() -> Models.enhanced(dynamoDb).table(table, SCHEMA.get()));
    }

    /** KBank's customer id of an owner; empty while none exists (or its creation is unfinished). */
    public Optional<String> kbankId(OwnerId ownerId) {
        KBankUserMapping mapping = Models.read(table,
                () -> mappings.get().getItem(r -> r.key(Models.key(ownerId.value())).consistentRead(true)));
        return mapping == null ? Optional.empty() : Optional.ofNullable(mapping.kbankId());
    }

    /** Makes sure the owner's mapping item exists, so that its creation step can be claimed. */
    public void ensureItem(OwnerId ownerId) {
        try {
            mappings.get().putItem(PutItemEnhancedRequest.builder(KBankUserMapping.class)
                    .item(new KBankUserMapping(ownerId, null, StepState.NONE))
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(#o)")
                            .putExpressionName("#o", OWNER_ID).build())
                    .build());
        } catch (ConditionalCheckFailedException e) {
            // It exists.
        }
    }

    /** The once-only creation of the owner's KBank customer. */
    public OnceOnly.Step creation(OwnerId ownerId) {
        return new OnceOnly.Step(table, Map.of(OWNER_ID, IdConverters.OWNER_ID.transformFrom(ownerId)), CREATE);
    }

    /** The claim condition of a creation: no KBank customer is mapped yet. */
    public static OnceOnly.Condition notCreated() {
        return new OnceOnly.Condition("attribute_not_exists(#c0)", Map.of("#c0", KBANK_ID), Map.of());
    }

    /** What completing the creation writes with DONE: KBank's customer id. */
    public static Map<String, AttributeValue> created(String kbankId) {
        return Map.of(KBANK_ID, PynamoConverters.TEXT.transformFrom(kbankId));
    }

    /** Writes a finished mapping (seeding, tests). */
    public void put(OwnerId ownerId, String kbankId) {
        mappings.get().putItem(new KBankUserMapping(ownerId, kbankId, StepState.NONE));
    }
}
