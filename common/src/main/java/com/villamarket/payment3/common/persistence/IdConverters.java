package com.villamarket.payment3.common.persistence;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.OwnerId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.pynamo.PynamoConverters;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;

/**
 * The typed ids as the tables store them, S texts; a stored id of the wrong shape is bad data, except a
 * {@link ReceivedId}, which is read as whatever text is stored.
 */
final class IdConverters {

    static final AttributeConverter<OrderId> ORDER_ID = PynamoConverters.id(OrderId.class, OrderId::new, OrderId::value);
    static final AttributeConverter<ChargeId> CHARGE_ID = PynamoConverters.id(ChargeId.class, ChargeId::new, ChargeId::value);
    /** Charge ids kept as a string set (SS). */
    static final AttributeConverter<List<ChargeId>> CHARGE_IDS = PynamoConverters.idSet(ChargeId.class, ChargeId::new,
            ChargeId::value);
    static final AttributeConverter<OwnerId> OWNER_ID = PynamoConverters.id(OwnerId.class, OwnerId::new, OwnerId::value);
    static final AttributeConverter<CardToken> CARD_TOKEN = PynamoConverters.id(CardToken.class, CardToken::new,
            CardToken::value);

    /** An id as received, any text. */
    static final AttributeConverter<ReceivedId> RECEIVED = PynamoConverters.id(ReceivedId.class, ReceivedId::new,
            ReceivedId::text);

    private IdConverters() {
    }
}
