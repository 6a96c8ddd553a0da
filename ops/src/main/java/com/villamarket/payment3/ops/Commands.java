package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.config.Names;

/** The commands a story tells the operator to run, for where the suite runs: a branch's AWS stack, or the local stack. */
public final class Commands {

    private final String replayPrefix;
    private final String replaySuffix;
    private final String reconcile;

    private Commands(String replayPrefix, String replaySuffix, String reconcile) {
        this.replayPrefix = replayPrefix;
        this.replaySuffix = replaySuffix;
        this.reconcile = reconcile;
    }

    /** The AWS CLI commands of a branch's stack (README, "Replay" and "Reconciliation"). */
    public static Commands aws(Names names) {
        return new Commands("aws lambda invoke --function-name " + names.replayFunction()
                + " --cli-binary-format raw-in-base64-out --payload '{\"errorId\": \"", "\"}' out.json && cat out.json",
                "aws lambda invoke --function-name " + names.reconcileFunction() + ":live"
                        + " --cli-binary-format raw-in-base64-out --payload file://events/reconcile/schedule.json out.json"
                        + " && jq . out.json");
    }

    /** The local stack's endpoints on its API port, for example {@code http://127.0.0.1:3000}. */
    public static Commands local(String apiUrl) {
        return new Commands("curl -s -X POST " + apiUrl + "/_local/replay -d '{\"errorId\": \"", "\"}'",
                "curl -s -X POST " + apiUrl + "/_local/reconcile -d @events/reconcile/schedule.json");
    }

    /** Replays one error log entry: its raw event goes again to the function that logged it. */
    public String replay(String errorId) {
        return replayPrefix + errorId + replaySuffix;
    }

    /** Runs reconciliation now instead of at its next ten-minute tick. */
    public String reconcile() {
        return reconcile;
    }
}
