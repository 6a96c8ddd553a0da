package com.villamarket.payment3.kbankcard;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.wiring.Components;

/** kbank-add-card: invocation payload in, KBank's customer id out; failures thrown for Lambda's retries. */
public final class AddCardHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public AddCardHandler() {
        this(AddCardService.create(Components.production(new AwsClients(Config.fromEnvironment()))));
    }

    public AddCardHandler(AddCardService service) {
        super(service::process);
    }
}
