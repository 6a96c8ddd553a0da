package com.villamarket.payment3.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import com.villamarket.payment3.testkit.FunctionConfiguration;
import com.villamarket.payment3.testkit.RepoFiles;
import com.villamarket.payment3.testkit.SampleCards;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The functions of the benchmark, with the sample event each gets (events/, documented in the README) and
 * the sandbox state it needs first, as the earlier in-process benchmark prepared it.
 */
final class BenchCases {

    /** The QR sample's charge, a fixture of the KBank sandbox. */
    static final String QR_SAMPLE_CHARGE = "chrg_prod_11430784e550fb6ea4f69902e0deda2591aa6";
    static final String QR_CALLBACK = "qr-callback";
    static final String REFERENCE = "reference";
    static final String AGAINST = "against";
    static final String FLOOR = "floor";

    /**
     * One function to measure.
     *
     * @param name     the module, or {@code reference} / {@code floor}
     * @param event    the event of the n-th run (0 is the first); the same sample for most
     * @param describe what the event is and what warm calls find
     * @param qrBranch the branch whose record of the QR sample's charge is removed before each paired cold run
     */
    record Case(String name, FunctionConfiguration function, IntFunction<String> event, String describe, Runnable prepare,
            String qrBranch) {
    }

    private final BenchStack stack;
    private final FunctionRuns runs;
    private final Set<String> prepared = new HashSet<>();

    BenchCases(BenchStack stack, FunctionRuns runs) {
        this.stack = stack;
        this.runs = runs;
    }

    /**
     * Every function of template.yaml, then the two references; qr-callback first, as it pairs with the reference.
     *
     * @param against    another build of qr-callback to pair it with instead of the reference; null for the reference
     * @param againstEnv variables that build runs with beside the template's
     */
    List<Case> all(Path against, Map<String, String> againstEnv) {
        Runnable none = () -> { };
        Case ours = ours(QR_CALLBACK, "QRCallbackFunction", "events/qr-callback/paid.json",
                "paid sample; each cold run takes the happy path (its payment record removed first), warm calls are replays", none);
        return List.of(
                new Case(ours.name(), ours.function(), ours.event(), ours.describe(), none, BenchStack.BRANCH),
                against == null ? reference() : against(against, againstEnv),
                floor(),
                ours("process-paid-order-internal", "ProcessPaidOrderInternalFunction", "events/process-paid-order-internal/qr.json",
                        "QR sample; later calls find it paid", none),
                new Case("card-token", stack.function("CardTokenFunction"), this::cardTokenEvent,
                        "a new token every call, cold or warm (3-D Secure page)", none, null),
                ours("card-callback", "CardCallbackFunction", "events/card-callback/paid.json",
                        "3-D Secure sample callback; later calls are replays", this::cardSample),
                ours("process-paid-order", "ProcessPaidOrderFunction", "events/process-paid-order/card.json",
                        "card sample; later calls find it paid", this::cardSample),
                ours("kbank-create-user", "KBankCreateUserFunction", "events/kbank-create-user/save-card.json",
                        "keep a card; later calls add it", this::cardSample),
                ours("kbank-add-card", "KBankAddCardFunction", "events/kbank-add-card/add-card.json", "add a card", this::cardSample),
                ours("kbank-create-order", "KBankCreateOrderFunction", "events/kbank-create-order/qr.json",
                        "a QR order for a signed-in customer", none),
                ours("qr-notify", "QRNotifyFunction", "events/qr-notify/failed.json", "a failed-payment notification, acknowledged", none),
                ours("card-notify", "CardNotifyFunction", "events/card-notify/paid.json",
                        "the signed sample notify; later calls find it handed on", this::cardSample),
                ours("reconcile", "ReconcileFunction", "events/reconcile/schedule.json", "scheduled event, nothing pending", none),
                replayDeadLetter());
    }

    /**
     * The sample dead letter, naming this benchmark's branch: replay re-sends only a dead letter of a function of its
     * own branch (the sample names the local stack's).
     */
    private Case replayDeadLetter() {
        String text = RepoFiles.read("events/replay/dead-letter.json").replace("-local", "-" + BenchStack.BRANCH);
        return new Case("replay", stack.function("ReplayFunction"), n -> text, "a dead letter, re-invoked", () -> { }, null);
    }

    private Case ours(String name, String logicalId, String event, String describe, Runnable prepare) {
        String text = RepoFiles.read(event);
        return new Case(name, stack.function(logicalId), n -> text, describe, prepare, null);
    }

    private Case reference() {
        Path jar = RepoFiles.root().resolve("benchmarks/reference/target/benchmark-reference-lambda.jar");
        String text = RepoFiles.read("events/qr-callback/paid.json");
        return new Case(REFERENCE, stack.qrCallbackOfReferenceBranch().withCode("QrCallbackReference",
                "payment3-qrcallback-reference-" + BenchStack.REFERENCE_BRANCH, jar,
                "com.villamarket.payment3.benchmarks.reference.QrCallbackReferenceHandler::handleRequest"), n -> text,
                "qr-callback's paid sample, written with the SDK's and the AWS docs' defaults; as qr-callback", () -> { },
                BenchStack.REFERENCE_BRANCH);
    }

    /** qr-callback as another build packaged it (a jar built at another commit), or with other variables, on our branch's tables. */
    private Case against(Path jar, Map<String, String> environment) {
        String text = RepoFiles.read("events/qr-callback/paid.json");
        FunctionConfiguration ours = stack.function("QRCallbackFunction");
        return new Case(AGAINST, ours.withCode("QRCallbackAgainst", ours.functionName(), jar, ours.handler()).withEnvironment(environment),
                n -> text, "qr-callback's paid sample on " + jar.getFileName() + (environment.isEmpty() ? "" : " with " + environment)
                        + "; as qr-callback", () -> { }, BenchStack.BRANCH);
    }

    private Case floor() {
        Path jar = RepoFiles.root().resolve("benchmarks/reference/target/benchmark-reference-floor.jar");
        String text = RepoFiles.read("events/qr-callback/paid.json");
        return new Case(FLOOR, stack.qrCallbackOfReferenceBranch().withCode("Floor", "payment3-floor-" + BenchStack.BRANCH, jar,
                "com.villamarket.payment3.benchmarks.reference.FloorHandler::handleRequest"), n -> text,
                "qr-callback's paid sample, answered without reading it: the JVM and the runtime alone", () -> { }, null);
    }

    /** The card samples' tokens, customer and the card payment in flight they name, prepared once (testkit's SampleCards). */
    private void cardSample() {
        if (prepared.add("card")) {
            SampleCards.registerAt(stack.kbank());
            runs.once(stack.function("CardTokenFunction"), SampleCards.inFlightPaymentEvent());
            SampleCards.finish3ds(stack.kbank());
        }
    }

    /** The 3-D Secure sample with a token of its own, so that every cold run charges a new token. */
    private String cardTokenEvent(int run) {
        String token = "tokn_test_bench_" + run + "_" + System.nanoTime();
        stack.kbank().cardToken(token, "3ds", "chrg_test_bench_" + run + "_" + System.nanoTime());
        ObjectNode event = (ObjectNode) Json.parse(RepoFiles.read("events/card-token/3ds.json"));
        ObjectNode body = (ObjectNode) Json.parse(event.path("body").asText());
        body.put("token", token);
        event.put("body", Json.write(body));
        return Json.write(event);
    }
}
