package com.villamarket.payment3.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.wiring.Components;
import java.time.Duration;
import java.util.Optional;

/**
 * The scheduled reconciliation: any event in (EventBridge schedule), the run's summary out. The run's time
 * budget is bounded by the time Lambda says is left to the invocation's timeout.
 */
public final class ReconcileHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public ReconcileHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public ReconcileHandler(Components components) {
        this(components, ReconcileService.create(components));
    }

    private ReconcileHandler(Components components, ReconcileService service) {
        super(SuiteFunction.RECONCILE, components.platform().errorLogger(), (event, context) -> service.run(remaining(context)).toJson());
    }

    private static Optional<Duration> remaining(Context context) {
        return context == null ? Optional.empty() : Optional.of(Duration.ofMillis(context.getRemainingTimeInMillis()));
    }
}
