package com.villamarket.payment3.common.persistence;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The KBank user mapping table, {@code payment3-kbank-user-mapping-${BRANCH}}: the shop's owner id
 * (hash key {@code ownerId}) to KBank's customer id ({@code kbank_id}).
 *
 * <p>Creating a KBank customer is claimed first with a conditional write, so that two first
 * payments of one customer at the same moment create one KBank customer.
 */
public final class KBankUserMappingRepository {

    static final String OWNER_ID = "ownerId";
    static final String KBANK_ID = "kbank_id";
    static final String CLAIM_ID = "claimId";
    static final String CLAIMED_AT = "claimedAt";
    static final String CREATED_AT = "createdAt";

    /** A mapping as stored: {@code kbankId} is null while its creation is claimed but not done. */
    public record Mapping(String ownerId, String kbankId, String claimId, Instant claimedAt) {
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public KBankUserMappingRepository(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    public Optional<Mapping> find(String ownerId) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(tableName).key(key(ownerId)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        return Optional.of(new Mapping(ownerId, s(item, KBANK_ID), s(item, CLAIM_ID),
                s(item, CLAIMED_AT) == null ? null : PynamoFormats.parseDateTime(s(item, CLAIMED_AT))));
    }

    /**
     * Claims the creation of an owner's KBank customer: when no mapping exists, or when an earlier
     * claim made before {@code staleBefore} never finished.
     *
     * @return true when this call holds the claim
     */
    public boolean claimCreation(String ownerId, String claimId, Instant at, Instant staleBefore) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(ownerId))
                    .updateExpression("SET #claim = :claim, #claimedAt = :at")
                    .conditionExpression("attribute_not_exists(#owner) OR (attribute_not_exists(#kbank) AND #claimedAt < :stale)")
                    .expressionAttributeNames(Map.of("#claim", CLAIM_ID, "#claimedAt", CLAIMED_AT, "#owner", OWNER_ID,
                            "#kbank", KBANK_ID))
                    .expressionAttributeValues(Map.of(
                            ":claim", AttributeValue.fromS(claimId),
                            ":at", AttributeValue.fromS(PynamoFormats.dateTime(at)),
                            ":stale", AttributeValue.fromS(PynamoFormats.dateTime(staleBefore)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Completes a claimed creation with KBank's customer id; throws when the claim is not ours any more. */
    public void complete(String ownerId, String claimId, String kbankId, Instant at) {
        dynamoDb.updateItem(r -> r.tableName(tableName).key(key(ownerId))
                .updateExpression("SET #kbank = :kbank, #created = :at")
                .conditionExpression("#claim = :claim AND attribute_not_exists(#kbank)")
                .expressionAttributeNames(Map.of("#kbank", KBANK_ID, "#created", CREATED_AT, "#claim", CLAIM_ID))
                .expressionAttributeValues(Map.of(
                        ":kbank", AttributeValue.fromS(kbankId),
                        ":at", AttributeValue.fromS(PynamoFormats.dateTime(at)),
                        ":claim", AttributeValue.fromS(claimId))));
    }

    /** Gives an unfinished claim back (KBank refused or failed), so that the next run creates at once. */
    public void releaseClaim(String ownerId, String claimId) {
        try {
            dynamoDb.deleteItem(r -> r.tableName(tableName).key(key(ownerId))
                    .conditionExpression("#claim = :claim AND attribute_not_exists(#kbank)")
                    .expressionAttributeNames(Map.of("#claim", CLAIM_ID, "#kbank", KBANK_ID))
                    .expressionAttributeValues(Map.of(":claim", AttributeValue.fromS(claimId))));
        } catch (ConditionalCheckFailedException e) {
            // Not ours any more: leave it.
        }
    }

    /** Writes a finished mapping (seeding, tests). */
    public void put(String ownerId, String kbankId) {
        dynamoDb.putItem(r -> r.tableName(tableName).item(Map.of(
                OWNER_ID, AttributeValue.fromS(ownerId), KBANK_ID, AttributeValue.fromS(kbankId))));
    }

    private static Map<String, AttributeValue> key(String ownerId) {
        return Map.of(OWNER_ID, AttributeValue.fromS(ownerId));
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
