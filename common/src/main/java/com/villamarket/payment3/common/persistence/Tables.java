package com.villamarket.payment3.common.persistence;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import java.math.BigDecimal;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * The table schemas of the enhanced client, with every stored attribute name as a constant.
 * Schemas are static so that no reflection runs at start-up.
 */
final class Tables {

    private Tables() {
    }

    // Attribute names shared by several tables.
    static final String ORDER_ID = "orderId";
    static final String CHARGE_ID = "chargeId";
    static final String CREATED_AT_SNAKE = "created_at";

    /** {@code payment3-qr-payment-record-${BRANCH}}: one item per QR charge, hash key tokenId = chargeId. */
    static final class QrPaymentRecordItem {
        static final String TOKEN_ID = "tokenId";
        static final String CREATED_AT = "createdAt";
        static final String STATUS = "status";
        static final String PAID_AMOUNT = "paidAmount";
        /** Ours, not the Python stack's: when ProcessPaidOrderInternal was invoked for this charge. */
        static final String PROCESS_INVOKED_AT = "processInvokedAt";

        String tokenId;
        String orderId;
        Instant createdAt;
        String chargeId;
        Boolean status;
        BigDecimal paidAmount;
        Instant processInvokedAt;

        static final StaticTableSchema<QrPaymentRecordItem> SCHEMA = StaticTableSchema
                .builder(QrPaymentRecordItem.class)
                .newItemSupplier(QrPaymentRecordItem::new)
                .addAttribute(String.class, a -> a.name(TOKEN_ID).getter(i -> i.tokenId).setter((i, v) -> i.tokenId = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name(ORDER_ID).getter(i -> i.orderId).setter((i, v) -> i.orderId = v))
                .addAttribute(Instant.class, a -> a.name(CREATED_AT).getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v)
                        .attributeConverter(PynamoDateTimeConverter.INSTANCE))
                .addAttribute(String.class, a -> a.name(CHARGE_ID).getter(i -> i.chargeId).setter((i, v) -> i.chargeId = v))
                .addAttribute(Boolean.class, a -> a.name(STATUS).getter(i -> i.status).setter((i, v) -> i.status = v))
                .addAttribute(BigDecimal.class, a -> a.name(PAID_AMOUNT).getter(i -> i.paidAmount).setter((i, v) -> i.paidAmount = v))
                .addAttribute(Instant.class, a -> a.name(PROCESS_INVOKED_AT).getter(i -> i.processInvokedAt)
                        .setter((i, v) -> i.processInvokedAt = v).attributeConverter(PynamoDateTimeConverter.INSTANCE))
                .build();
    }

    /** {@code payment3-qr-callback-record-${BRANCH}}: every QR callback received, hash orderId, range created_at. */
    static final class QrCallbackRecordItem {
        static final String CHARGE_ID_INDEX = "chargeId-index";
        static final String STATUS = "status";
        static final String AMOUNT = "amount";
        static final String OUTCOME = "outcome";
        static final String REASON = "reason";
        static final String EVENT = "event";
        static final String REQUEST_ID = "requestId";

        String orderId;
        Instant createdAt;
        String chargeId;
        String status;
        String amount;
        String outcome;
        String reason;
        String event;
        String requestId;

        static final StaticTableSchema<QrCallbackRecordItem> SCHEMA = StaticTableSchema
                .builder(QrCallbackRecordItem.class)
                .newItemSupplier(QrCallbackRecordItem::new)
                .addAttribute(String.class, a -> a.name(ORDER_ID).getter(i -> i.orderId).setter((i, v) -> i.orderId = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(Instant.class, a -> a.name(CREATED_AT_SNAKE).getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v)
                        .attributeConverter(PynamoDateTimeConverter.INSTANCE)
                        .tags(primarySortKey(), secondarySortKey(CHARGE_ID_INDEX)))
                .addAttribute(String.class, a -> a.name(CHARGE_ID).getter(i -> i.chargeId).setter((i, v) -> i.chargeId = v)
                        .tags(secondaryPartitionKey(CHARGE_ID_INDEX)))
                .addAttribute(String.class, a -> a.name(STATUS).getter(i -> i.status).setter((i, v) -> i.status = v))
                .addAttribute(String.class, a -> a.name(AMOUNT).getter(i -> i.amount).setter((i, v) -> i.amount = v))
                .addAttribute(String.class, a -> a.name(OUTCOME).getter(i -> i.outcome).setter((i, v) -> i.outcome = v))
                .addAttribute(String.class, a -> a.name(REASON).getter(i -> i.reason).setter((i, v) -> i.reason = v))
                .addAttribute(String.class, a -> a.name(EVENT).getter(i -> i.event).setter((i, v) -> i.event = v))
                .addAttribute(String.class, a -> a.name(REQUEST_ID).getter(i -> i.requestId).setter((i, v) -> i.requestId = v))
                .build();
    }

    /** {@code payment3-callback-error-log-${BRANCH}}: one item per failure, hash errorId. */
    static final class CallbackErrorItem {
        static final String ERROR_ID = "errorId";
        static final String FUNCTION_NAME = "function_name";
        static final String ERROR = "error";
        static final String ERROR_TYPE = "error_type";
        static final String EVENT = "event";
        static final String RESPONSE_DATA = "response_data";
        static final String RESOLVED = "resolved";

        String errorId;
        Instant createdAt;
        String functionName;
        String orderId;
        String chargeId;
        String error;
        String errorType;
        String event;
        String responseData;
        Boolean resolved;

        static final StaticTableSchema<CallbackErrorItem> SCHEMA = StaticTableSchema
                .builder(CallbackErrorItem.class)
                .newItemSupplier(CallbackErrorItem::new)
                .addAttribute(String.class, a -> a.name(ERROR_ID).getter(i -> i.errorId).setter((i, v) -> i.errorId = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(Instant.class, a -> a.name(CREATED_AT_SNAKE).getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v)
                        .attributeConverter(PynamoDateTimeConverter.INSTANCE))
                .addAttribute(String.class, a -> a.name(FUNCTION_NAME).getter(i -> i.functionName).setter((i, v) -> i.functionName = v))
                .addAttribute(String.class, a -> a.name(ORDER_ID).getter(i -> i.orderId).setter((i, v) -> i.orderId = v))
                .addAttribute(String.class, a -> a.name(CHARGE_ID).getter(i -> i.chargeId).setter((i, v) -> i.chargeId = v))
                .addAttribute(String.class, a -> a.name(ERROR).getter(i -> i.error).setter((i, v) -> i.error = v))
                .addAttribute(String.class, a -> a.name(ERROR_TYPE).getter(i -> i.errorType).setter((i, v) -> i.errorType = v))
                .addAttribute(String.class, a -> a.name(EVENT).getter(i -> i.event).setter((i, v) -> i.event = v))
                .addAttribute(String.class, a -> a.name(RESPONSE_DATA).getter(i -> i.responseData).setter((i, v) -> i.responseData = v))
                .addAttribute(Boolean.class, a -> a.name(RESOLVED).getter(i -> i.resolved).setter((i, v) -> i.resolved = v))
                .build();
    }

    /** {@code payment3-process-paid-order-${BRANCH}}: every processing attempt, hash orderId, range created_at. */
    static final class ProcessPaidOrderItem {
        static final String DATA = "data";
        static final String IS_ERROR = "is_error";
        static final String PAYMENT_TYPE = "paymentType";
        static final String OUTCOME = "outcome";
        static final String ERROR = "error";

        String orderId;
        Instant createdAt;
        String data;
        Boolean isError;
        String paymentType;
        String chargeId;
        String outcome;
        String error;

        static final StaticTableSchema<ProcessPaidOrderItem> SCHEMA = StaticTableSchema
                .builder(ProcessPaidOrderItem.class)
                .newItemSupplier(ProcessPaidOrderItem::new)
                .addAttribute(String.class, a -> a.name(ORDER_ID).getter(i -> i.orderId).setter((i, v) -> i.orderId = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(Instant.class, a -> a.name(CREATED_AT_SNAKE).getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v)
                        .attributeConverter(PynamoDateTimeConverter.INSTANCE).tags(primarySortKey()))
                .addAttribute(String.class, a -> a.name(DATA).getter(i -> i.data).setter((i, v) -> i.data = v))
                .addAttribute(Boolean.class, a -> a.name(IS_ERROR).getter(i -> i.isError).setter((i, v) -> i.isError = v))
                .addAttribute(String.class, a -> a.name(PAYMENT_TYPE).getter(i -> i.paymentType).setter((i, v) -> i.paymentType = v))
                .addAttribute(String.class, a -> a.name(CHARGE_ID).getter(i -> i.chargeId).setter((i, v) -> i.chargeId = v))
                .addAttribute(String.class, a -> a.name(OUTCOME).getter(i -> i.outcome).setter((i, v) -> i.outcome = v))
                .addAttribute(String.class, a -> a.name(ERROR).getter(i -> i.error).setter((i, v) -> i.error = v))
                .build();
    }

    /** {@code payment3-check-status-${BRANCH}}: card charge status checks, hash orderId, range created_at. */
    static final class CheckStatusItem {
        static final String STATUS = "status";
        static final String SUCCESS = "success";
        static final String PAYMENT_METHOD = "paymentMethod";
        static final String AMOUNT = "amount";

        String orderId;
        Instant createdAt;
        String chargeId;
        String status;
        Boolean success;
        String paymentMethod;
        BigDecimal amount;

        static final StaticTableSchema<CheckStatusItem> SCHEMA = StaticTableSchema
                .builder(CheckStatusItem.class)
                .newItemSupplier(CheckStatusItem::new)
                .addAttribute(String.class, a -> a.name(ORDER_ID).getter(i -> i.orderId).setter((i, v) -> i.orderId = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(Instant.class, a -> a.name(CREATED_AT_SNAKE).getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v)
                        .attributeConverter(PynamoDateTimeConverter.INSTANCE).tags(primarySortKey()))
                .addAttribute(String.class, a -> a.name(CHARGE_ID).getter(i -> i.chargeId).setter((i, v) -> i.chargeId = v))
                .addAttribute(String.class, a -> a.name(STATUS).getter(i -> i.status).setter((i, v) -> i.status = v))
                .addAttribute(Boolean.class, a -> a.name(SUCCESS).getter(i -> i.success).setter((i, v) -> i.success = v))
                .addAttribute(String.class, a -> a.name(PAYMENT_METHOD).getter(i -> i.paymentMethod).setter((i, v) -> i.paymentMethod = v))
                .addAttribute(BigDecimal.class, a -> a.name(AMOUNT).getter(i -> i.amount).setter((i, v) -> i.amount = v))
                .build();
    }

    /**
     * {@code payment3-card-payment-record-${BRANCH}}: one item per card token (hash tokenId), found by
     * charge (chargeId-index) and by order (orderId-index).
     */
    static final class CardPaymentRecordItem {
        static final String TOKEN_ID = "tokenId";
        static final String CHARGE_ID_INDEX = "chargeId-index";
        static final String ORDER_ID_INDEX = "orderId-index";
        static final String STATUS = "status";
        static final String CHECKSUM_VERIFIED = "checksumVerified";
        static final String CREATED_AT = "createdAt";
        static final String AMOUNT = "amount";
        static final String CALLBACK_URL = "callbackUrl";
        static final String SAVE_CARD = "saveCard";
        static final String OWNER_ID = "ownerId";
        /** Ours: when the charge was handed on (ProcessPaidOrder, or saving an ADDCARD card). */
        static final String PROCESS_INVOKED_AT = "processInvokedAt";

        String tokenId;
        String orderId;
        String chargeId;
        Boolean status;
        Boolean checksumVerified;
        Instant createdAt;
        BigDecimal amount;
        String callbackUrl;
        Boolean saveCard;
        String ownerId;
        Instant processInvokedAt;

        static final StaticTableSchema<CardPaymentRecordItem> SCHEMA = StaticTableSchema
                .builder(CardPaymentRecordItem.class)
                .newItemSupplier(CardPaymentRecordItem::new)
                .addAttribute(String.class, a -> a.name(TOKEN_ID).getter(i -> i.tokenId).setter((i, v) -> i.tokenId = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name(ORDER_ID).getter(i -> i.orderId).setter((i, v) -> i.orderId = v)
                        .tags(secondaryPartitionKey(ORDER_ID_INDEX)))
                .addAttribute(String.class, a -> a.name(CHARGE_ID).getter(i -> i.chargeId).setter((i, v) -> i.chargeId = v)
                        .tags(secondaryPartitionKey(CHARGE_ID_INDEX)))
                .addAttribute(Boolean.class, a -> a.name(STATUS).getter(i -> i.status).setter((i, v) -> i.status = v))
                .addAttribute(Boolean.class, a -> a.name(CHECKSUM_VERIFIED).getter(i -> i.checksumVerified)
                        .setter((i, v) -> i.checksumVerified = v))
                .addAttribute(Instant.class, a -> a.name(CREATED_AT).getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v)
                        .attributeConverter(PynamoDateTimeConverter.INSTANCE))
                .addAttribute(BigDecimal.class, a -> a.name(AMOUNT).getter(i -> i.amount).setter((i, v) -> i.amount = v))
                .addAttribute(String.class, a -> a.name(CALLBACK_URL).getter(i -> i.callbackUrl).setter((i, v) -> i.callbackUrl = v))
                .addAttribute(Boolean.class, a -> a.name(SAVE_CARD).getter(i -> i.saveCard).setter((i, v) -> i.saveCard = v))
                .addAttribute(String.class, a -> a.name(OWNER_ID).getter(i -> i.ownerId).setter((i, v) -> i.ownerId = v))
                .addAttribute(Instant.class, a -> a.name(PROCESS_INVOKED_AT).getter(i -> i.processInvokedAt)
                        .setter((i, v) -> i.processInvokedAt = v).attributeConverter(PynamoDateTimeConverter.INSTANCE))
                .build();
    }

    /** {@code payment3-credit-card-notify-${BRANCH}}: every card callback and notify, hash chargeId, range created_at. */
    static final class CreditCardNotifyItem {
        static final String SOURCE = "source";
        static final String TOKEN_ID = "tokenId";
        static final String STATUS_RECEIVED = "statusReceived";
        static final String KBANK_STATUS = "kbankStatus";
        static final String TRANSACTION_STATE = "transactionState";
        static final String PAID = "paid";
        static final String EVENT = "event";

        String chargeId;
        Instant createdAt;
        String source;
        String orderId;
        String tokenId;
        String statusReceived;
        String kbankStatus;
        String transactionState;
        Boolean paid;
        String event;

        static final StaticTableSchema<CreditCardNotifyItem> SCHEMA = StaticTableSchema
                .builder(CreditCardNotifyItem.class)
                .newItemSupplier(CreditCardNotifyItem::new)
                .addAttribute(String.class, a -> a.name(CHARGE_ID).getter(i -> i.chargeId).setter((i, v) -> i.chargeId = v)
                        .tags(primaryPartitionKey()))
                .addAttribute(Instant.class, a -> a.name(CREATED_AT_SNAKE).getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v)
                        .attributeConverter(PynamoDateTimeConverter.INSTANCE).tags(primarySortKey()))
                .addAttribute(String.class, a -> a.name(SOURCE).getter(i -> i.source).setter((i, v) -> i.source = v))
                .addAttribute(String.class, a -> a.name(ORDER_ID).getter(i -> i.orderId).setter((i, v) -> i.orderId = v))
                .addAttribute(String.class, a -> a.name(TOKEN_ID).getter(i -> i.tokenId).setter((i, v) -> i.tokenId = v))
                .addAttribute(String.class, a -> a.name(STATUS_RECEIVED).getter(i -> i.statusReceived)
                        .setter((i, v) -> i.statusReceived = v))
                .addAttribute(String.class, a -> a.name(KBANK_STATUS).getter(i -> i.kbankStatus).setter((i, v) -> i.kbankStatus = v))
                .addAttribute(String.class, a -> a.name(TRANSACTION_STATE).getter(i -> i.transactionState)
                        .setter((i, v) -> i.transactionState = v))
                .addAttribute(Boolean.class, a -> a.name(PAID).getter(i -> i.paid).setter((i, v) -> i.paid = v))
                .addAttribute(String.class, a -> a.name(EVENT).getter(i -> i.event).setter((i, v) -> i.event = v))
                .build();
    }
}
