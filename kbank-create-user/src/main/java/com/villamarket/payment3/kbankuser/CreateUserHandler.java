package com.villamarket.payment3.kbankuser;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.wiring.Components;

/** kbank-create-user: invocation payload in, what it did out; failures thrown for Lambda's retries. */
public final class CreateUserHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public CreateUserHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public CreateUserHandler(Components components) {
        this(components, CreateUserService.create(components));
    }

    private CreateUserHandler(Components components, CreateUserService service) {
        super(SuiteFunction.KBANK_CREATE_USER, components.platform().errorLogger(), raw -> service.process(raw).name());
    }
}
