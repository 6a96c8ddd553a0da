package com.villamarket.payment3.kbankuser;

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
        this(CreateUserService.create(components));
    }

    private CreateUserHandler(CreateUserService service) {
        super(raw -> service.process(raw).name());
    }
}
