package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.config.Names;

/** The commands a story tells the operator to run, for where the suite runs: a branch's AWS stack, or the local stack. */
public final class Commands {

    private final String replayPrefix;
    private final String replaySuffix;
    private final String reconcile;
    private final String askKBank;
    private final String story;

    private Commands(String replayPrefix, String replaySuffix, String reconcile, String askKBank, String story) {
        this.replayPrefix = replayPrefix;
        this.replaySuffix = replaySuffix;
        this.reconcile = reconcile;
        this.askKBank = askKBank;
        this.story = story;
    }

    /** The AWS CLI commands of a branch's stack (README, "Replay" and "Reconciliation"). */
    public static Commands aws(Names names) {
        return new Commands("aws lambda invoke --function-name " + names.replayFunction()
                + " --cli-binary-format raw-in-base64-out --payload '{\"errorId\": \"", "\"}' out.json && cat out.json",
                "aws lambda invoke --function-name " + names.reconcileFunction() + ":live"
                        + " --cli-binary-format raw-in-base64-out --payload file://events/reconcile/schedule.json out.json"
                        + " && jq . out.json",
                "--kbank", "java -jar ops/target/payment3-ops.jar story %s --branch " + names.branch());
    }

    /** The local stack's endpoints on its API port, for example {@code http://127.0.0.1:3000}, for the command line. */
    public static Commands local(String apiUrl) {
        return new Commands("curl -s -X POST " + apiUrl + "/_local/replay -d '{\"errorId\": \"", "\"}'",
                "curl -s -X POST " + apiUrl + "/_local/reconcile -d @events/reconcile/schedule.json", "--kbank",
                "./run-local story %s");
    }

    /** The local stack's endpoints, for its pages: KBank is asked by {@code ?kbank=true}, a story is a page. */
    public static Commands localPages(String apiUrl) {
        return new Commands("curl -s -X POST " + apiUrl + "/_local/replay -d '{\"errorId\": \"", "\"}'",
                "curl -s -X POST " + apiUrl + "/_local/reconcile -d @events/reconcile/schedule.json",
                "?kbank=true (at the end of the page's address)", apiUrl + "/_local/orders/%s");
    }

    /** Replays one error log entry: its raw event goes again to the function that logged it. */
    public String replay(String errorId) {
        return replayPrefix + errorId + replaySuffix;
    }

    /** How a story is told with KBank's current view: {@code --kbank} on the command line, {@code ?kbank=true} on a page. */
    public String askKBank() {
        return askKBank;
    }

    /** The command (or the page's address) that tells the story of an order or a charge. */
    public String story(String id) {
        return String.format(story, id);
    }

    /** Runs reconciliation now instead of at its next ten-minute tick. */
    public String reconcile() {
        return reconcile;
    }
}
