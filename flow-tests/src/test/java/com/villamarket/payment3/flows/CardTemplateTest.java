package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.villamarket.payment3.cardcallback.CardCallbackHandler;
import com.villamarket.payment3.cardtoken.CardTokenHandler;
import com.villamarket.payment3.kbankcard.AddCardHandler;
import com.villamarket.payment3.kbankuser.CreateUserHandler;
import com.villamarket.payment3.processpaidorder.ProcessPaidOrderHandler;
import com.villamarket.payment3.testkit.TemplateTables;
import java.util.Map;
import org.junit.jupiter.api.Test;
import com.villamarket.payment3.cardnotify.CardNotifyHandler;
import com.villamarket.payment3.kbankorder.CreateOrderHandler;
import com.villamarket.payment3.qrnotify.QrNotifyHandler;
import com.villamarket.payment3.reconcile.ReconcileHandler;
import com.villamarket.payment3.replay.ReplayHandler;

/** The template deploys each module's artifact (card flows, notify, order, reconcile, replay) with its handler. */
class CardTemplateTest {

    @Test
    void templatePointsAtEachCardHandlerAndArtifact() {
        Map<String, Class<?>> handlers = Map.of(
                "kbank-create-order", CreateOrderHandler.class,
                "qr-notify", QrNotifyHandler.class,
                "card-notify", CardNotifyHandler.class,
                "reconcile", ReconcileHandler.class,
                "replay", ReplayHandler.class,
                "card-token", CardTokenHandler.class,
                "card-callback", CardCallbackHandler.class,
                "process-paid-order", ProcessPaidOrderHandler.class,
                "kbank-create-user", CreateUserHandler.class,
                "kbank-add-card", AddCardHandler.class);
        TemplateTables template = TemplateTables.load();
        handlers.forEach((module, handler) -> {
            Map<String, Object> function = template.functionOfModule(module);
            assertEquals(handler.getName() + "::handleRequest", function.get("Handler"), module);
            assertEquals(module + "/target/" + module + "-lambda.jar", function.get("CodeUri"), module);
        });
    }
}
