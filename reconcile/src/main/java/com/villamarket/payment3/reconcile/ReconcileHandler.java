package com.villamarket.payment3.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.common.wiring.Components;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The scheduled reconciliation: any event in (EventBridge schedule), the run's summary out; or, once at
 * switch-over, the adoption of the Python stack's unsettled QR and card payments ({@value #ADOPT_PYTHON_ERA_SINCE}, and
 * {@value #RESUME_FROM} when an earlier invocation ran out of time). Either is bounded by the time Lambda says is left to
 * the invocation's timeout.
 */
public final class ReconcileHandler extends AsyncHandler {

    /** The request that adopts the Python stack's unsettled payments made since the instant it names. */
    static final String ADOPT_PYTHON_ERA_SINCE = "adoptPythonEraSince";
    /** Beside it: where an adoption that ran out of time stopped, as it answered it. */
    static final String RESUME_FROM = "resumeFrom";

    /** Called by the Lambda runtime once per container. */
    public ReconcileHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public ReconcileHandler(Components components) {
        this(components, ReconcileService.create(components));
    }

    private ReconcileHandler(Components components, ReconcileService service) {
        super(SuiteFunction.RECONCILE, components.platform().errorLogger(), (event, context) -> handle(service, event, context));
    }

    /**
     * The schedule's event (any other) runs reconciliation; {@code {"adoptPythonEraSince": "2026-11-20T00:00:00Z"}},
     * sent once at switch-over (again with {@code "resumeFrom"} while it answers {@code "complete": false}), puts the
     * Python stack's unsettled payments of that time in the pending index instead ({@link ReconcileService#adoptPythonEra}).
     */
    private static String handle(ReconcileService service, String event, Context context) {
        JsonNode request = event == null || event.isBlank() ? null : Json.parse(event);
        if (request != null && request.hasNonNull(ADOPT_PYTHON_ERA_SINCE)) {
            String since = request.get(ADOPT_PYTHON_ERA_SINCE).asText();
            JsonNode resume = request.get(RESUME_FROM);
            if (resume != null && !resume.isNull() && !resume.isTextual()) {
                throw new IllegalArgumentException(RESUME_FROM + " is the text an adoption that stopped answered");
            }
            Instant from;
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(ADOPT_PYTHON_ERA_SINCE + " is an ISO-8601 instant such as "
                        + "2026-11-20T00:00:00Z, not " + since, e);
            }
            return service.adoptPythonEra(from, Optional.ofNullable(resume).filter(JsonNode::isTextual).map(JsonNode::textValue),
                    () -> remaining(context)).toJson();
        }
        return service.run(remaining(context)).toJson();
    }

    private static Optional<Duration> remaining(Context context) {
        return context == null ? Optional.empty() : Optional.of(Duration.ofMillis(context.getRemainingTimeInMillis()));
    }
}
