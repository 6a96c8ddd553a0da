package com.villamarket.payment3.replay;

import com.villamarket.payment3.common.aws.AwsClients;
import com.villamarket.payment3.common.config.Config;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.wiring.Components;

/**
 * Replay from the console (a test event) or {@code aws lambda invoke}: {@code {"errorId": "…"}},
 * {@code {"allOpen": true}} or {@code {"deadLetter": …}} in, the outcomes out.
 */
public final class ReplayHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public ReplayHandler() {
        this(production());
    }

    public ReplayHandler(ReplayService service) {
        super(service::handle);
    }

    private static ReplayService production() {
        AwsClients aws = new AwsClients(Config.fromEnvironment());
        Components c = Components.production(aws);
        return new ReplayService(c.callbackErrorLog(), LambdaFunctionCaller.create(aws), c.names(), c.clock());
    }
}
