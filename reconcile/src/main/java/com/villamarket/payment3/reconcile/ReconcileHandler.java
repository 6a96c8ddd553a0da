package com.villamarket.payment3.reconcile;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.wiring.Components;

/** The scheduled reconciliation: any event in (EventBridge schedule), the run's summary out. */
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
        super(SuiteFunction.RECONCILE, components.errorLogger(), event -> service.run().toJson());
    }
}
