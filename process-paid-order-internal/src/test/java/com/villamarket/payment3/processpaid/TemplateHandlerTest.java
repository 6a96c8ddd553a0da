package com.villamarket.payment3.processpaid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.villamarket.payment3.testkit.TemplateTables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template deploys this module's artifact with this module's handler. */
class TemplateHandlerTest {

    @Test
    @SuppressWarnings("unchecked")
    void templatePointsAtThisHandlerAndArtifact() {
        Map<String, Object> function = TemplateTables.load().resources("AWS::Serverless::Function").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> String.valueOf(p.get("CodeUri")).startsWith("process-paid-order-internal/"))
                .findFirst().orElseThrow();
        assertEquals(ProcessPaidOrderInternalHandler.class.getName() + "::handleRequest", function.get("Handler"));
        assertEquals("process-paid-order-internal/target/process-paid-order-internal-lambda.jar", function.get("CodeUri"));
    }
}
