package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.villamarket.payment3.common.ids.CardToken;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.ids.ReceivedId;
import com.villamarket.payment3.common.persistence.CardPaymentRecord;
import com.villamarket.payment3.common.persistence.ProcessPaidOrderLog;
import com.villamarket.payment3.common.persistence.ProcessedAs;
import com.villamarket.payment3.flows.Wiring.Answer;
import com.villamarket.payment3.testkit.PythonEraRecords;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Card payments the Python stack began and this suite finishes: records written exactly as PynamoDB
 * stores them (no amount, no creation time, no pending marker, none of our attributes), on the
 * branch's table and on master's, which card-callback and card-notify fall back to (a record found only on
 * master's is copied into the branch's table and finished there; master's is only read). Each ends with
 * the order paid exactly once; the amount is the order's total.
 */
@FlowTest
class PythonEraCardPaymentsTest {

    private static Wiring w;
    private static PythonEraRecords python;
    private static String masterTable;
    private static int seq;

    @BeforeAll
    static void start(Wiring wiring) {
        w = wiring;
        python = new PythonEraRecords(w.suite.dynamoDb());
        masterTable = w.c.platform().names().masterCardPaymentRecordTable();
        w.suite.createMasterTable(masterTable);
    }


    /** An order as the Python stack wrote it (data a JSON string), with a paid card charge at KBank that names no token. */
    private static String pythonOrder(String total, String charge) {
        String order = String.format("7700%08d", ++seq);
        python.order(w.suite.orderTable(), order, "{\"grandTotal\": " + total + ", \"ownerId\": \"owner-python\"}");
        w.suite.kbank().cardCharge(charge, total, "success", "Authorized", order);
        return order;
    }

    private static String callback(String charge, String token) {
        return Wiring.event("/callback", "application/x-www-form-urlencoded",
                "objectId=" + charge + "&token=" + token + "&status=true", "req-py-cb-" + (++seq));
    }

    private static String notify(String charge) {
        return Wiring.signedNotify(w.suite.kbank().charge("/card/v2/charge/" + charge).deepCopy(), "skey_test_local",
                "req-py-n-" + (++seq));
    }

    private static void assertPaidOnce(String order, String charge) {
        assertEquals(List.of(), w.drain());
        assertEquals(charge, w.c.tables().orders().find(new OrderId(order)).orElseThrow().paidChargeId().value());
        assertEquals(1, w.c.tables().processPaidOrderLog().forOrder(new OrderId(order)).stream().map(ProcessPaidOrderLog::outcome)
                .filter(ProcessedAs.PAID::equals).count(), "paid exactly once");
    }

    private static Map<String, AttributeValue> item(String table, String token) {
        return w.suite.dynamoDb().getItem(r -> r.tableName(table).key(Map.of("tokenId", AttributeValue.fromS(token))))
                .item();
    }

    @Test
    void theCallbackFinishesAPaymentWhoseRecordPythonWroteWithoutAmountOrCharge() {
        String charge = "chrg_test_py_cb" + seq;
        String order = pythonOrder("120.00", charge);
        String token = "tokn_test_py_cb" + seq;
        python.cardPaymentRecord(w.c.tables().cardPaymentRecords().tableName(), token, order, null, false);

        Answer answer = w.api(w.cardCallback, callback(charge, token));

        assertEquals(200, answer.status(), answer.body());
        CardPaymentRecord record = w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow();
        assertEquals(charge, record.chargeId().value());
        assertTrue(record.paid());
        assertPaidOnce(order, charge);
        assertEquals(200, w.api(w.cardCallback, callback(charge, token)).status(), "a replayed callback");
        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderFunction()).size());
    }

    @Test
    void kbanksNotifyFinishesAPythonPaymentFoundOnlyInMastersTableOnceInTheBranchsCopyLeavingMastersUntouched() {
        String charge = "chrg_test_py_master" + seq;
        String order = pythonOrder("250.50", charge);
        String token = "tokn_test_py_master" + seq;
        python.cardPaymentRecord(masterTable, token, order, charge, false);
        Map<String, AttributeValue> onMaster = item(masterTable, token);

        Answer notify = w.api(w.cardNotify, notify(charge));

        assertEquals(200, notify.status(), notify.body());
        Map<String, AttributeValue> copy = item(w.c.tables().cardPaymentRecords().tableName(), token);
        assertTrue(copy.get("checksumVerified").bool(), "the notify's checksum was verified, on the branch's copy");
        assertPaidOnce(order, charge);
        assertEquals(200, w.api(w.cardNotify, notify(charge)).status(), "KBank sends it again");
        assertEquals(200, w.api(w.cardCallback, callback(charge, token)).status(), "the browser's callback comes too");
        assertPaidOnce(order, charge);
        assertEquals(1, w.invoker.invocationsOf(w.c.platform().names().processPaidOrderFunction()).size());
        assertEquals(onMaster, item(masterTable, token), "master's record, as the Python stack wrote it, is never written");
        assertTrue(w.suite.front().calls().stream().filter(call -> call.resource().contains("/" + masterTable))
                .allMatch(call -> call.action().equals("dynamodb:GetItem") || call.action().equals("dynamodb:Query")),
                "every function only reads master's table: " + w.suite.front().calls());
    }

    @Test
    void aNotifyForAPythonChargeThatNoRecordNamesFindsTheOrdersOnlyRecordWithoutACharge() {
        String charge = "chrg_test_py_ref" + seq;
        String order = pythonOrder("99.00", charge);
        String token = "tokn_test_py_ref" + seq;
        python.cardPaymentRecord(w.c.tables().cardPaymentRecords().tableName(), token, order, null, false);

        Answer notify = w.api(w.cardNotify, notify(charge));

        assertEquals(200, notify.status(), notify.body());
        assertEquals(charge, w.c.tables().cardPaymentRecords().findByToken(new CardToken(token)).orElseThrow().chargeId().value(),
                "bound by the order KBank's inquiry names");
        assertPaidOnce(order, charge);
    }

    @Test
    void aPythonChargeThatTwoRecordsCouldBeIsKeptUntilTheCallbackNamesItsToken() {
        String charge = "chrg_test_py_two" + seq;
        String order = pythonOrder("45.00", charge);
        String declined = "tokn_test_py_first" + seq;
        String paid = "tokn_test_py_second" + seq;
        python.cardPaymentRecord(w.c.tables().cardPaymentRecords().tableName(), declined, order, null, false);
        python.cardPaymentRecord(w.c.tables().cardPaymentRecords().tableName(), paid, order, null, false);

        Answer notify = w.api(w.cardNotify, notify(charge));

        assertEquals(503, notify.status(), "KBank is asked to send it again: " + notify.body());
        assertEquals(List.of(new ChargeId(charge)), w.c.tables().cardPaymentRecords().findByToken(new CardToken(paid)).orElseThrow().keptCharges());
        assertEquals(List.of(new ChargeId(charge)), w.c.tables().cardPaymentRecords().findByToken(new CardToken(declined)).orElseThrow().keptCharges());
        assertTrue(w.c.tables().callbackErrorLog().scanAll().stream().anyMatch(e -> "UNMATCHED_CHARGE".equals(e.errorType())
                && charge.equals(ReceivedId.textOf(e.chargeId()))), "a person sees it");
        assertTrue(w.invoker.invocations().isEmpty(), "nothing paid on a guess");

        assertEquals(200, w.api(w.cardCallback, callback(charge, paid)).status());
        assertEquals(200, w.api(w.cardNotify, notify(charge)).status(), "KBank's resend finds it by charge now");
        assertPaidOnce(order, charge);
    }
}
