package com.villamarket.payment3.qrcallback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.villamarket.payment3.testkit.TemplateTables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template deploys this module's artifact with this module's handler. */
class TemplateHandlerTest {

    @Test
    void templatePointsAtThisHandlerAndArtifact() {
        Map<String, Object> function = TemplateTables.load().functionOfModule("qr-callback");
        assertEquals(QrCallbackHandler.class.getName() + "::handleRequest", function.get("Handler"));
        assertEquals("qr-callback/target/qr-callback-lambda.jar", function.get("CodeUri"));
    }
}
