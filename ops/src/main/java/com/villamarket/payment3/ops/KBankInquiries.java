package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.http.HttpTransport;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.kbank.KBankClient;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import com.villamarket.payment3.common.kbank.KBankQrOrder;
import java.time.Duration;

/**
 * KBank as the story sees it: its three inquiries and nothing else. The client underneath can send
 * only GETs ({@link GetOnlyTransport}), so not even a mistake here could charge, void or refund.
 */
public final class KBankInquiries {

    private final KBankClient kbank;

    private KBankInquiries(KBankClient kbank) {
        this.kbank = kbank;
    }

    /** The inquiries over a transport, which is used for GETs only. */
    public static KBankInquiries over(HttpTransport transport, KBankCredentials credentials, Duration connectTimeout,
            Duration readTimeout) {
        return new KBankInquiries(new KBankClient(new GetOnlyTransport(transport), credentials, connectTimeout, readTimeout));
    }

    /** KBank's QR charge inquiry. */
    public KBankCharge qrCharge(ChargeId chargeId) {
        return kbank.qrCharge(chargeId);
    }

    /** KBank's card charge inquiry. */
    public KBankCharge cardCharge(ChargeId chargeId) {
        return kbank.cardCharge(chargeId);
    }

    /** KBank's QR order inquiry, as KBank answers it. */
    public KBankQrOrder qrOrder(String kbankOrderId) {
        return kbank.qrOrder(kbankOrderId);
    }
}
