package com.villamarket.payment3.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.http.HttpTransport;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.kbank.KBankCredentials;
import com.villamarket.payment3.common.kbank.TransactionState;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The story's KBank: its inquiries, and a transport that sends nothing but GETs. */
class KBankInquiriesTest {

    private static final KBankCredentials KEYS = new KBankCredentials("skey_test_x", URI.create("http://127.0.0.1:9"), "");

    @Test
    void onlyTheThreeInquiriesAreOffered() {
        Set<String> offered = Arrays.stream(KBankInquiries.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toSet());

        assertEquals(Set.of("qrCharge", "cardCharge", "qrOrder"), offered);
    }

    @Test
    void theInquiriesAreGetsWithTheKey() {
        List<String> sent = new CopyOnWriteArrayList<>();
        HttpTransport kbank = (method, uri, headers, body, connect, read) -> {
            sent.add(method + " " + uri.getPath() + " " + headers.get("x-api-key"));
            return new HttpTransport.HttpResponse(200, "{\"id\": \"chrg_test_1\", \"object\": \"charge\", \"status\": \"success\","
                    + " \"transaction_state\": \"Authorized\", \"amount\": 6}");
        };
        KBankInquiries inquiries = KBankInquiries.over(kbank, KEYS, Duration.ofSeconds(1), Duration.ofSeconds(1));

        assertEquals(TransactionState.AUTHORIZED, inquiries.qrCharge(new ChargeId("chrg_test_1")).transactionState());
        inquiries.cardCharge(new ChargeId("chrg_test_1"));
        inquiries.qrOrder("order_test_1");

        assertEquals(List.of("GET /qr/v2/qr/chrg_test_1 skey_test_x", "GET /card/v2/charge/chrg_test_1 skey_test_x",
                "GET /qr/v2/order/order_test_1 skey_test_x"), sent);
    }

    @Test
    void theTransportRefusesEveryMethodButGetBeforeSendingIt() {
        List<String> sent = new CopyOnWriteArrayList<>();
        HttpTransport real = (method, uri, headers, body, connect, read) -> {
            sent.add(method);
            return new HttpTransport.HttpResponse(200, "{}");
        };
        GetOnlyTransport transport = new GetOnlyTransport(real);
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            ReadOnlyException refused = assertThrows(ReadOnlyException.class, () -> transport.send(method,
                    URI.create("http://127.0.0.1:9/card/v2/charge/chrg_test_1/void"), Map.of(), "{}",
                    Duration.ofSeconds(1), Duration.ofSeconds(1)));
            assertTrue(refused.getMessage().contains(method), refused.getMessage());
        }
        assertThrows(ReadOnlyException.class, () -> transport.send("GET", URI.create("http://127.0.0.1:9/x"), Map.of(),
                "{\"a\": 1}", Duration.ofSeconds(1), Duration.ofSeconds(1)), "a GET with a body is no inquiry");
        assertEquals(List.of(), sent);
    }
}
