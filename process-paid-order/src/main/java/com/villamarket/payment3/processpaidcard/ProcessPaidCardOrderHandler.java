package com.villamarket.payment3.processpaidcard;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.notify.Notifiers;
import com.villamarket.payment3.common.wiring.Components;

/** ProcessPaidOrder (card): invocation payload in, {@code "success"} out; failures thrown for Lambda's retries. */
public final class ProcessPaidCardOrderHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public ProcessPaidCardOrderHandler() {
        this(production());
    }

    public ProcessPaidCardOrderHandler(ProcessPaidCardOrderService service) {
        super(raw -> {
            service.process(raw);
            return "\"success\"";
        });
    }

    private static ProcessPaidCardOrderService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        Components components = Components.production(aws);
        return ProcessPaidCardOrderService.create(components, LambdaAsyncInvoker.create(aws),
                Notifiers.production(components, aws));
    }
}
