package com.villamarket.payment3.replay;

import com.villamarket.payment3.common.config.SuiteFunction;
import com.villamarket.payment3.common.handler.AsyncHandler;
import com.villamarket.payment3.common.wiring.Components;

/**
 * Replay from the console (a test event) or {@code aws lambda invoke}: {@code {"errorId": "…"}},
 * {@code {"allOpen": true}} or {@code {"deadLetter": …}} in, the outcomes out.
 */
public final class ReplayHandler extends AsyncHandler {

    /** Called by the Lambda runtime once per container. */
    public ReplayHandler() {
        this(Components.production());
    }

    /** The function over a container's parts: production's, the local stack's or a test's. */
    public ReplayHandler(Components components) {
        super(SuiteFunction.REPLAY, components.platform().errorLogger(), ReplayService.create(components)::handle);
        // Every replay invokes the function it replays: Lambda's client is built in init.
        components.platform().caller();
    }
}
