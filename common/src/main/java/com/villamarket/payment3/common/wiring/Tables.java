package com.villamarket.payment3.common.wiring;

import com.villamarket.payment3.common.aws.Lazy;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.persistence.CallbackErrorLogRepository;
import com.villamarket.payment3.common.persistence.CardPaymentRecordRepository;
import com.villamarket.payment3.common.persistence.CheckStatusRepository;
import com.villamarket.payment3.common.persistence.CreditCardNotifyRepository;
import com.villamarket.payment3.common.persistence.KBankOrderRepository;
import com.villamarket.payment3.common.persistence.KBankUserMappingRepository;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLogRepository;
import com.villamarket.payment3.common.persistence.QrCallbackRecordRepository;
import com.villamarket.payment3.common.persistence.QrNotifyRepository;
import com.villamarket.payment3.common.persistence.QrPaymentRecordRepository;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The repositories of a container's tables, each over the container's one DynamoDB client and built
 * on its first use, so a function builds only the tables its service asks for.
 */
public final class Tables {

    private final Supplier<OrderRepository> orders;
    private final Supplier<QrPaymentRecordRepository> qrPaymentRecords;
    private final Supplier<QrCallbackRecordRepository> qrCallbackRecords;
    private final Supplier<ProcessPaidOrderLogRepository> processPaidOrderLog;
    private final Supplier<CheckStatusRepository> checkStatus;
    private final Supplier<CardPaymentRecordRepository> cardPaymentRecords;
    private final Supplier<CardPaymentRecordRepository> masterCardPaymentRecords;
    private final Supplier<CreditCardNotifyRepository> creditCardNotify;
    private final Supplier<KBankUserMappingRepository> kbankUserMapping;
    private final Supplier<KBankOrderRepository> kbankOrders;
    private final Supplier<QrNotifyRepository> qrNotifications;
    private final Supplier<CallbackErrorLogRepository> callbackErrorLog;

    Tables(DynamoDbClient dynamoDb, Config config) {
        Names names = config.names();
        this.orders = table(dynamoDb, OrderRepository::new, names.orderTable());
        this.qrPaymentRecords = table(dynamoDb, QrPaymentRecordRepository::new, names.qrPaymentRecordTable());
        this.qrCallbackRecords = table(dynamoDb, QrCallbackRecordRepository::new, names.qrCallbackRecordTable());
        this.processPaidOrderLog = table(dynamoDb, ProcessPaidOrderLogRepository::new, names.processPaidOrderTable());
        this.checkStatus = table(dynamoDb, CheckStatusRepository::new, names.checkStatusTable());
        this.cardPaymentRecords = table(dynamoDb, CardPaymentRecordRepository::new, names.cardPaymentRecordTable());
        this.masterCardPaymentRecords = table(dynamoDb, CardPaymentRecordRepository::new,
                names.masterCardPaymentRecordTable());
        this.creditCardNotify = table(dynamoDb, CreditCardNotifyRepository::new, names.creditCardNotifyTable());
        this.kbankUserMapping = table(dynamoDb, KBankUserMappingRepository::new, names.kbankUserMappingTable());
        this.kbankOrders = table(dynamoDb, KBankOrderRepository::new, names.kbankOrderTable());
        this.qrNotifications = table(dynamoDb, QrNotifyRepository::new, names.qrNotifyTable());
        this.callbackErrorLog = table(dynamoDb, CallbackErrorLogRepository::new, names.callbackErrorLogTable());
    }

    private static <T> Supplier<T> table(DynamoDbClient dynamoDb, BiFunction<DynamoDbClient, String, T> repository,
            String name) {
        return Lazy.of(() -> repository.apply(dynamoDb, name));
    }

    public OrderRepository orders() {
        return orders.get();
    }

    public QrPaymentRecordRepository qrPaymentRecords() {
        return qrPaymentRecords.get();
    }

    public QrCallbackRecordRepository qrCallbackRecords() {
        return qrCallbackRecords.get();
    }

    public ProcessPaidOrderLogRepository processPaidOrderLog() {
        return processPaidOrderLog.get();
    }

    public CheckStatusRepository checkStatus() {
        return checkStatus.get();
    }

    public CardPaymentRecordRepository cardPaymentRecords() {
        return cardPaymentRecords.get();
    }

    /**
     * The master branch's card payment records, which {@link
     * com.villamarket.payment3.common.payment.CardPayments} reads second (on master itself, the same table as
     * {@link #cardPaymentRecords()}).
     */
    public CardPaymentRecordRepository masterCardPaymentRecords() {
        return masterCardPaymentRecords.get();
    }

    public CreditCardNotifyRepository creditCardNotify() {
        return creditCardNotify.get();
    }

    public KBankUserMappingRepository kbankUserMapping() {
        return kbankUserMapping.get();
    }

    public KBankOrderRepository kbankOrders() {
        return kbankOrders.get();
    }

    public QrNotifyRepository qrNotifications() {
        return qrNotifications.get();
    }

    public CallbackErrorLogRepository callbackErrorLog() {
        return callbackErrorLog.get();
    }
}
