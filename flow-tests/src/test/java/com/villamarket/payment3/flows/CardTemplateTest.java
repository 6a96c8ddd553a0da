package com.villamarket.payment3.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.villamarket.payment3.cardcallback.CardCallbackHandler;
import com.villamarket.payment3.cardtoken.CardTokenHandler;
import com.villamarket.payment3.kbankcard.AddCardHandler;
import com.villamarket.payment3.kbankuser.CreateUserHandler;
import com.villamarket.payment3.processpaidcard.ProcessPaidCardOrderHandler;
import com.villamarket.payment3.testkit.TemplateTables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template deploys each card module's artifact with that module's handler. */
class CardTemplateTest {

    @Test
    void templatePointsAtEachCardHandlerAndArtifact() {
        Map<String, Class<?>> handlers = Map.of(
                "card-token", CardTokenHandler.class,
                "card-callback", CardCallbackHandler.class,
                "process-paid-order", ProcessPaidCardOrderHandler.class,
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
