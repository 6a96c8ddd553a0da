package com.villamarket.payment3.common.wiring;

import com.villamarket.payment3.common.aws.Lazy;
import com.villamarket.payment3.common.config.Names;
import com.villamarket.payment3.common.payment.CardPayments;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.payment.PaidOrderProcessor;
import com.villamarket.payment3.common.payment.QrPayments;
import java.util.function.Supplier;

/**
 * The payment rules of a container (common/payment): the settle paths of QR and card payments and
 * the paid-order steps, each built on its first use over the tables and platform parts it needs.
 */
public final class Payments {

    private final Supplier<QrPayments> qr;
    private final Supplier<CardPayments> card;
    private final Supplier<PaidOrderProcessor> paidOrders;

    Payments(Tables tables, Platform platform) {
        Names names = platform.names();
        this.qr = Lazy.of(() -> new QrPayments(tables.orders(), tables.qrPaymentRecords(), tables.kbankOrders(),
                ChargeVerifier.qr(platform::kbank, tables.kbankOrders()::orderOf), platform::kbank, platform.once(),
                platform::invoker, names.processPaidOrderInternalFunction(), platform.clock()));
        this.card = Lazy.of(() -> new CardPayments(tables.cardPaymentRecords(), tables.masterCardPaymentRecords(),
                tables.orders(), ChargeVerifier.card(platform::kbank), tables.creditCardNotify(),
                tables.checkStatus(), platform.once(), platform::invoker, platform::kbank, names, platform.clock()));
        this.paidOrders = Lazy.of(() -> new PaidOrderProcessor(tables.orders(), tables.processPaidOrderLog(),
                tables.qrPaymentRecords(), ChargeVerifier.qr(platform::kbank, tables.kbankOrders()::orderOf), card.get(),
                platform.once(), platform::notifier, platform::invoker, platform.config().payFunction(),
                names.kbankCreateUserFunction(), platform.errorLogger(), platform.clock()));
    }

    /** The settle path of QR payments (the QR callback, the QR notification, reconciliation). */
    public QrPayments qr() {
        return qr.get();
    }

    /** The settle path of card payments (card-token, the card callback and notify, reconciliation). */
    public CardPayments card() {
        return card.get();
    }

    /** Unpaid to paid, once, and the after-paid steps (both ProcessPaidOrder functions). */
    public PaidOrderProcessor paidOrders() {
        return paidOrders.get();
    }
}
