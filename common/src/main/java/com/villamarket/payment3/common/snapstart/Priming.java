package com.villamarket.payment3.common.snapstart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.html.HtmlPages;
import com.villamarket.payment3.common.http.ApiGatewayEvent;
import com.villamarket.payment3.common.http.FormBody;
import com.villamarket.payment3.common.ids.ChargeId;
import com.villamarket.payment3.common.ids.OrderId;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.kbank.KBankCharge;
import com.villamarket.payment3.common.log.Log;
import com.villamarket.payment3.common.money.Money;
import com.villamarket.payment3.common.payment.ChargeVerifier;
import com.villamarket.payment3.common.pynamo.PynamoFormats;
import com.villamarket.payment3.common.persistence.OrderRepository;
import com.villamarket.payment3.common.persistence.TableModels;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Warms a container's code paths before Lambda SnapStart takes its snapshot (a CRaC
 * {@code beforeCheckpoint}), so that a restored container starts with them loaded and linked:
 * JSON, form and event parsing, KBank's charge parsing and the payment rules, the pages, every table
 * model's schema (a sample item mapped both ways), and the DynamoDB client's request path. It touches
 * no live data: KBank is not called (its answer is a canned one), and DynamoDB is only read, for a key
 * no order has.
 */
public final class Priming implements Resource {

    /** An order id no shop order has ("priming" is not a shop id shape the shop issues). */
    static final String NO_SUCH_ORDER = "payment3-priming";

    private static final String SAMPLE_EVENT = "{\"body\":\"orderId=002500048744&status=success&amount=6.00"
            + "&chargeId=chrg_test_priming\",\"isBase64Encoded\":false,\"headers\":{\"Content-Type\":"
            + "\"application/x-www-form-urlencoded\"},\"requestContext\":{\"requestId\":\"priming\"}}";
    private static final String SAMPLE_CHARGE = "{\"id\":\"chrg_test_priming\",\"object\":\"charge\",\"amount\":6.0,"
            + "\"currency\":\"THB\",\"status\":\"success\",\"transaction_state\":\"Authorized\","
            + "\"reference_order\":\"002500048744\",\"failure_code\":null}";

    /** Strong reference: CRaC holds resources weakly. */
    private static volatile Priming registered;

    private final Supplier<OrderRepository> orders;

    private Priming(Supplier<OrderRepository> orders) {
        this.orders = orders;
    }

    /**
     * Registers priming for this container's parts; a no-op on a JVM without CRaC.
     *
     * @param orders the container's order table, built when the snapshot is taken
     */
    public static void register(Supplier<OrderRepository> orders) {
        Priming priming = new Priming(orders);
        registered = priming;
        Core.getGlobalContext().register(priming);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime(orders.get());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing is cached that a restore must refresh: KBank's keys are read once per container,
        // as before, and the SDK's container credentials provider refreshes its own credentials.
    }

    /** Runs every warmed path once; a failure is logged, never thrown, as a snapshot must still be taken. */
    public static void prime(OrderRepository orders) {
        long start = System.nanoTime();
        try {
            ApiGatewayEvent event = ApiGatewayEvent.parse(SAMPLE_EVENT);
            Map<String, String> form = FormBody.parse(event.bodyText());
            KBankCharge charge = KBankCharge.parse(Json.parse(SAMPLE_CHARGE));
            // The sample's reference is taken as recorded: priming reads no table but the order's.
            ChargeVerifier.qr(() -> {
                throw new IllegalStateException("priming never calls KBank");
            }, reference -> Optional.of(new OrderId(form.get("orderId")))).confirm(charge, new ChargeId("chrg_test_priming"),
                    new OrderId(form.get("orderId")), Money.of("6.00"), Optional.of(Money.parse(form.get("amount"))));
            ObjectNode node = Json.object().put("at", PynamoFormats.dateTime(Instant.now()));
            Json.parse(Json.write(node));
            HtmlPages.redirect(URI.create("https://example.invalid/thankyou"), form);
            HtmlPages.error("priming", "priming", form, "priming");
            TableModels.prime();
            orders.find(new OrderId(NO_SUCH_ORDER));
            Log.info("primed for the snapshot", "ms", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            Log.error("priming failed; the snapshot is taken unprimed", e);
        }
    }
}
