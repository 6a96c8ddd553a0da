package com.villamarket.payment3.processpaidorderinternal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.villamarket.payment3.testkit.TemplateTables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template deploys this module's artifact with this module's handler. */
class TemplateHandlerTest {

    @Test
    void templatePointsAtThisHandlerAndArtifact() {
        Map<String, Object> function = TemplateTables.load().functionOfModule("process-paid-order-internal");
        assertEquals(ProcessPaidOrderInternalHandler.class.getName() + "::handleRequest", function.get("Handler"));
        assertEquals("process-paid-order-internal/target/process-paid-order-internal-lambda.jar", function.get("CodeUri"));
    }
}
