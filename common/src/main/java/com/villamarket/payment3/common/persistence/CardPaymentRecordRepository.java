package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.once.OnceOnly;
import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@code payment3-card-payment-record-${BRANCH}} (or master's): one item per card token (hash
 * {@code tokenId}), found by charge ({@code chargeId-index}) and by order ({@code orderId-index}).
 *
 * <p>The Python stack's attributes, plus ours: the pending marker ({@code pending-index}), the once-only
 * hand-on, the once-only report of a payment reconciliation cannot settle.
 */
public final class CardPaymentRecordRepository {

    static final String TOKEN_ID = "tokenId";
    static final String ORDER_ID = "orderId";
    static final String CHARGE_ID = "chargeId";
    static final String CHARGE_ID_INDEX = "chargeId-index";
    static final String ORDER_ID_INDEX = "orderId-index";
    static final String STATUS = "status";
    static final String CHECKSUM_VERIFIED = "checksumVerified";
    static final String AMOUNT = "amount";
    static final String CALLBACK_URL = "callbackUrl";
    static final String SAVE_CARD = "saveCard";
    static final String OWNER_ID = "ownerId";
    /** Ours: the hand-on of the charge (ProcessPaidOrder, or saving an ADDCARD card), a once-only step. */
    static final String HAND_ON = "payment3HandOn";
    /** Ours: the request that created the item, so that a resend of its write is known for its own. */
    static final String CREATED_BY = "payment3CreatedBy";
    /** Ours: charges a notify could not tell from another record's, kept for reconciliation (a string set). */
    static final String KEPT_CHARGES = "payment3KeptCharges";
    /** Ours: the one report to a person of a payment reconciliation could not settle. */
    static final String REPORT = "payment3Report";
    static final String PENDING_KIND = "card";

    /**
     * The table's model: the Python stack's attributes ({@code status} and {@code saveCard} BOOLs, {@code amount}
     * an N, which its records lack) and ours: the pending marker (the payment kind, present while unsettled),
     * the hand-on step (read here, written by {@link OnceOnly} alone), the outcome and the kept charges (an SS).
     * {@code checksumVerified} and the creating request's id are written by {@link #create} and their own updates.
     */
    static final Models.Lazy<TableSchema<CardPaymentRecord>> SCHEMA = Models.lazy(() -> Models.schema(
                    CardPaymentRecord.class,
                    CardPaymentRecord.Builder.class, CardPaymentRecord.Builder::new, CardPaymentRecord.Builder::build)
            .add(TOKEN_ID, IdConverters.CARD_TOKEN, CardPaymentRecord::tokenId, CardPaymentRecord.Builder::tokenId,
                    primaryPartitionKey())
            .add(ORDER_ID, IdConverters.ORDER_ID, CardPaymentRecord::orderId, CardPaymentRecord.Builder::orderId,
                    secondaryPartitionKey(ORDER_ID_INDEX))
            .add(CHARGE_ID, IdConverters.CHARGE_ID, CardPaymentRecord::chargeId, CardPaymentRecord.Builder::chargeId,
                    secondaryPartitionKey(CHARGE_ID_INDEX))
            .add(STATUS, PynamoConverters.BOOL, CardPaymentRecord::paid, CardPaymentRecord.Builder::paid)
            .add(AMOUNT, PynamoConverters.MONEY, CardPaymentRecord::amount, CardPaymentRecord.Builder::amount)
            .add(CALLBACK_URL, PynamoConverters.TEXT, CardPaymentRecord::callbackUrl, CardPaymentRecord.Builder::callbackUrl)
            .add(SAVE_CARD, PynamoConverters.BOOL, CardPaymentRecord::saveCard, CardPaymentRecord.Builder::saveCard)
            .add(OWNER_ID, IdConverters.OWNER_ID, CardPaymentRecord::ownerId, CardPaymentRecord.Builder::ownerId)
            .with(Pending.attributes(PENDING_KIND))
            .step(HAND_ON, CardPaymentRecord.Builder::handOn)
            // Written by keepCandidate's ADD alone; an empty set cannot be stored.
            .add(KEPT_CHARGES, IdConverters.CHARGE_IDS, r -> r.keptCharges().isEmpty() ? null : r.keptCharges(),
                    CardPaymentRecord.Builder::keptCharges)
            .build());

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Models.Lazy<DynamoDbTable<CardPaymentRecord>> records;

    public CardPaymentRecordRepository(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.records = Models.lazy(() -> Models.enhanced(dynamoDb).table(table, SCHEMA.get()));
    }

    public String tableName() {
        return table;
    }

    /**
     * Records a new card payment; a token pays once. A write whose answer was lost and that the SDK
     * sent again finds its own item, which is this call's, not a token used before.
     *
     * @return false when the token is recorded already (by another request)
     */
    public boolean create(CardPaymentRecord record) {
        String createdBy = UUID.randomUUID().toString();
        // Low-level, for ALL_OLD on a conflict: the model's attributes, and the two only this write sets.
        Map<String, AttributeValue> item = new HashMap<>(SCHEMA.get().itemToMap(record, true));
        item.put(CREATED_BY, AttributeValue.fromS(createdBy));
        item.put(CHECKSUM_VERIFIED, PynamoConverters.BOOL.transformFrom(false));
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#t)")
                    .expressionAttributeNames(Map.of("#t", TOKEN_ID))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException e) {
            AttributeValue stored = e.hasItem() ? e.item().get(CREATED_BY) : null;
            return stored != null && createdBy.equals(stored.s());
        }
    }

    /**
     * The record of a token that {@code other} (the master branch's table) holds, copied into this table exactly as
     * stored there, unless this table has the token already (a conditional put: the first copy wins, a second
     * request finds it); then read here, consistently. {@code other} is only read, so a payment found there is
     * finished in this table and the master branch's records are never written by another branch.
     *
     * @return empty when neither table has the token
     */
    public Optional<CardPaymentRecord> adoptFrom(CardPaymentRecordRepository other, CardToken tokenId) {
        Map<String, AttributeValue> item = other.dynamoDb.getItem(r -> r.tableName(other.table).key(key(tokenId))
                .consistentRead(true)).item();
        if (item != null && !item.isEmpty()) {
            try {
                dynamoDb.putItem(r -> r.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(#t)")
                        .expressionAttributeNames(Map.of("#t", TOKEN_ID)));
            } catch (ConditionalCheckFailedException e) {
                // Copied already (by another request, or an earlier try of this one): the copy here is the record.
            }
        }
        return findByToken(tokenId);
    }

    /** The record of a token, read consistently. */
    public Optional<CardPaymentRecord> findByToken(CardToken tokenId) {
        return Optional.ofNullable(Models.read(table,
                () -> records.get().getItem(r -> r.key(Models.key(tokenId.value())).consistentRead(true))));
    }

    /** The record of a charge, through the chargeId-index GSI (eventually consistent). */
    public Optional<CardPaymentRecord> findByCharge(ChargeId chargeId) {
        return byIndex(CHARGE_ID_INDEX, chargeId.value()).stream().findFirst();
    }

    /** The records of an order, newest first, through the orderId-index GSI. */
    public List<CardPaymentRecord> findByOrder(OrderId orderId) {
        return byIndex(ORDER_ID_INDEX, orderId.value()).stream()
                .sorted(Comparator.comparing(CardPaymentRecord::createdAt,
                        Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed())
                .toList();
    }

    /** Sets the charge KBank created for a token (once; a different charge for the token is refused). */
    public void setCharge(CardToken tokenId, ChargeId chargeId) {
        dynamoDb.updateItem(r -> r.tableName(table).key(key(tokenId))
                .updateExpression("SET #c = :c")
                .conditionExpression("attribute_exists(#t) AND (attribute_not_exists(#c) OR #c = :c)")
                .expressionAttributeNames(Map.of("#c", CHARGE_ID, "#t", TOKEN_ID))
                .expressionAttributeValues(Map.of(":c", IdConverters.CHARGE_ID.transformFrom(chargeId))));
    }

    /**
     * Sets the charge KBank created for a token, that KBank's answer calls it paid, and the hand-on's
     * claim, in one write: card-token's charge authorized at once costs one write instead of four. A
     * resend of this write (its answer lost) finds its own claim and is taken as this call's.
     *
     * @return true when this call holds the hand-on as {@code handOn}; false when another run claimed it
     *         first (KBank's notify of the charge can outrun card-token), which then settles it as usual
     * @throws ConditionalCheckFailedException when the record is gone or names another charge
     */
    public boolean setPaidCharge(CardToken tokenId, ChargeId chargeId, OnceOnly.NewClaim handOn) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key(tokenId))
                    .updateExpression("SET #c = :c, #s = :s, #h = :h")
                    .conditionExpression("attribute_exists(#t) AND (attribute_not_exists(#c) OR #c = :c)"
                            + " AND attribute_not_exists(#h)")
                    .expressionAttributeNames(Map.of("#c", CHARGE_ID, "#s", STATUS, "#h", HAND_ON, "#t", TOKEN_ID))
                    .expressionAttributeValues(Map.of(":c", IdConverters.CHARGE_ID.transformFrom(chargeId),
                            ":s", PynamoConverters.BOOL.transformFrom(true), ":h", handOn.attribute()))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            if (handOn.isOwnIn(old, HAND_ON)) {
                return true;
            }
            AttributeValue charge = old.get(CHARGE_ID);
            if (old.isEmpty() || (charge != null && charge.s() != null && !charge.s().equals(chargeId.value()))) {
                throw e;
            }
            // Another run holds or did the hand-on: the charge is set as setCharge would set it, and that run settles.
            setCharge(tokenId, chargeId);
            return false;
        }
    }

    /** Keeps a charge that may be this token's, for reconciliation to ask KBank about. */
    public void keepCandidate(CardToken tokenId, ChargeId chargeId) {
        dynamoDb.updateItem(r -> r.tableName(table).key(key(tokenId))
                .updateExpression("ADD #k :c")
                .conditionExpression("attribute_exists(#t)")
                .expressionAttributeNames(Map.of("#k", KEPT_CHARGES, "#t", TOKEN_ID))
                .expressionAttributeValues(Map.of(":c", IdConverters.CHARGE_IDS.transformFrom(List.of(chargeId)))));
    }

    /** Records that a notify of the token's charge came with KBank's valid checksum. */
    public void setChecksumVerified(CardToken tokenId) {
        dynamoDb.updateItem(r -> r.tableName(table).key(key(tokenId))
                .updateExpression("SET #v = :v")
                .conditionExpression("attribute_exists(#t)")
                .expressionAttributeNames(Map.of("#v", CHECKSUM_VERIFIED, "#t", TOKEN_ID))
                .expressionAttributeValues(Map.of(":v", PynamoConverters.BOOL.transformFrom(true))));
    }

    /** The attribute {@link #setPaid} sets, for a write that sets it with something else (a claim). */
    public static Map<String, AttributeValue> paidAttribute(boolean paid) {
        return Map.of(STATUS, PynamoConverters.BOOL.transformFrom(paid));
    }

    /** Records what KBank's inquiry said of the token's charge. */
    public void setPaid(CardToken tokenId, boolean paid) {
        dynamoDb.updateItem(r -> r.tableName(table).key(key(tokenId))
                .updateExpression("SET #s = :s")
                .conditionExpression("attribute_exists(#t)")
                .expressionAttributeNames(Map.of("#s", STATUS, "#t", TOKEN_ID))
                .expressionAttributeValues(Map.of(":s", PynamoConverters.BOOL.transformFrom(paid))));
    }

    /** The once-only hand-on of a token's charge. */
    public OnceOnly.Step handOn(CardToken tokenId) {
        return new OnceOnly.Step(table, key(tokenId), HAND_ON);
    }

    /** The once-only report to a person of a payment reconciliation could not settle. */
    public OnceOnly.Step report(CardToken tokenId) {
        return new OnceOnly.Step(table, key(tokenId), REPORT);
    }

    /** The pending payments recorded before {@code cutoff}, through the sparse pending index. */
    public List<CardPaymentRecord> pendingBefore(Instant cutoff) {
        return Pending.before(dynamoDb, table, PENDING_KIND, cutoff).stream().map(this::toRecord).toList();
    }

    /**
     * The pending payments recorded before {@code cutoff}, newest first, read from the sparse pending index
     * a page at a time as the caller goes on (reconciliation stops when its time is up).
     */
    public Iterator<CardPaymentRecord> pendingNewestFirst(Instant cutoff) {
        return Pending.newestFirst(dynamoDb, table, PENDING_KIND, cutoff, Pending.PAGE_SIZE, this::toRecord);
    }

    /** How many payments are pending since {@code upTo} or before, and the oldest one's time. */
    public Left pendingLeft(Instant upTo) {
        return Pending.left(dynamoDb, table, PENDING_KIND, upTo);
    }

    /**
     * One page of the records that carry no creation time, no pending marker and no outcome: the Python stack's (its
     * card model has no creation time; every record this suite makes has one), whatever their {@code status}. A scan
     * of the whole table, {@code limit} items evaluated a page: for the one-off adoption at switch-over, never on a
     * request path.
     *
     * @param from where an earlier page stopped; null from the start
     */
    public UnmarkedScan.Page<CardPaymentRecord> unmarked(UnmarkedScan.Position from, int limit) {
        Pending.ScanPage page = Pending.unmarked(dynamoDb, table, "attribute_not_exists(#c)",
                Map.of("#c", Pending.CREATED_AT), Map.of(), from == null ? null : from.startKey(), limit);
        return UnmarkedScan.page(table, TOKEN_ID, page, this::toRecord);
    }

    /**
     * A position of a scan of this table read back from its text ({@link UnmarkedScan.Position#text}).
     *
     * @throws IllegalArgumentException when it is not one (oversized, not base64 of a JSON object, not this table's key)
     */
    public UnmarkedScan.Position position(String text) {
        return UnmarkedScan.parse(text, TOKEN_ID);
    }

    /**
     * Puts a record that carries no creation time, no pending marker and no outcome (the Python stack's) into the
     * pending index, where reconciliation finds it, with {@code createdAt} as its creation time.
     *
     * @return false when it is pending, settled or dated already
     */
    public boolean markPending(CardToken tokenId, Instant createdAt) {
        return Pending.markAt(dynamoDb, table, key(tokenId), PENDING_KIND, createdAt);
    }

    /** Takes a payment out of the pending index with what it came to; false when settled before. Only its lifecycle calls this. */
    boolean settle(CardToken tokenId, SettledAs outcome, Instant at) {
        return Pending.settle(dynamoDb, table, key(tokenId), outcome, at);
    }

    private List<CardPaymentRecord> byIndex(String index, String value) {
        return Models.queryEqual(records.get(), index, Models.key(value));
    }

    /** The key as the low-level client's conditional writes name it. */
    private static Map<String, AttributeValue> key(CardToken tokenId) {
        return Map.of(TOKEN_ID, IdConverters.CARD_TOKEN.transformFrom(tokenId));
    }

    private CardPaymentRecord toRecord(Map<String, AttributeValue> item) {
        return Models.read(table, SCHEMA.get(), item);
    }
}
