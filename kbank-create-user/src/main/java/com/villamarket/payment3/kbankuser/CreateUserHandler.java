package com.villamarket.payment3.kbankuser;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.invoke.LambdaAsyncInvoker;
import com.villamarket.payment3.common.wiring.Components;

/** kbank-create-user: invocation payload in, what it did out; failures thrown for Lambda's retries. */
public final class CreateUserHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public CreateUserHandler() {
        this(production());
    }

    public CreateUserHandler(CreateUserService service) {
        super(raw -> service.process(raw).name());
    }

    private static CreateUserService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        return CreateUserService.create(Components.production(aws), LambdaAsyncInvoker.create(aws));
    }
}
