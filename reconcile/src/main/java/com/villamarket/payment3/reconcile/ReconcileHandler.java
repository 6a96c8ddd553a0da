package com.villamarket.payment3.reconcile;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.wiring.Components;

/** The scheduled reconciliation: any event in (EventBridge schedule), the run's summary out. */
public final class ReconcileHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public ReconcileHandler() {
        this(production());
    }

    public ReconcileHandler(ReconcileService service) {
        super(event -> ReconcileService.toJson(service.run()));
    }

    private static ReconcileService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        return ReconcileService.create(Components.production(aws), LambdaAsyncInvoker.create(aws));
    }
}
