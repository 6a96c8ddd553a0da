package com.villamarket.payment3.processpaid;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.notify.Notifiers;
import com.villamarket.payment3.common.wiring.Components;

/** ProcessPaidOrderInternal: invocation payload in, {@code "success"} out (as seed 001); failures thrown for Lambda's retries. */
public final class ProcessPaidOrderInternalHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public ProcessPaidOrderInternalHandler() {
        this(production());
    }

    public ProcessPaidOrderInternalHandler(ProcessPaidOrderService service) {
        super(raw -> {
            service.process(raw);
            return "\"success\"";
        });
    }

    private static ProcessPaidOrderService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        Components components = Components.production(aws);
        return ProcessPaidOrderService.create(components, Notifiers.production(components, aws));
    }
}
