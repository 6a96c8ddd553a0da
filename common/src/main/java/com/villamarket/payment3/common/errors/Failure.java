package com.villamarket.payment3.common.errors;

import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A failure sorted by its mode, in one place for every function ({@link #of}): a refusal of the request (the
 * sender's fault, 4xx, safe to show), a payment not settled yet (202), a dependency that did not answer (KBank,
 * AWS: 503, worth a retry), or a defect of ours (bad stored data, configuration, a bug: 500, pages at once). Only a
 * refusal's or a pending payment's message is ever shown to the sender.
 *
 * @param kind    the failure's mode
 * @param status  the HTTP status to answer with
 * @param code    the error log entry's type: a refusal's reason, or the kind's name
 * @param message what happened, for the error log
 */
public record Failure(FailureKind kind, int status, String code, String message) {

    /** AWS's error codes for a call the caller's role (or its credentials) does not allow. */
    private static final Set<String> REFUSED_BY_AWS = Set.of("AccessDeniedException", "AccessDenied", "AuthorizationError",
            "UnrecognizedClientException");

    /** Classifies anything thrown. */
    public static Failure of(Throwable e) {
        Optional<AwsServiceException> refused = refusedByAws(e);
        if (refused.isPresent()) {
            // The function's role does not allow the call: no retry succeeds until someone changes the role, so it
            // pages at once; answered 503 (as KBank refusing our key is) so that the sender asks again once fixed.
            return new Failure(FailureKind.CONFIGURATION, FailureKind.AWS_UNAVAILABLE.status(), FailureKind.CONFIGURATION.name(),
                    "AWS refused the call (" + refused.get().awsErrorDetails().errorCode() + "; the function's role): "
                            + e.getMessage());
        }
        if (e instanceof SuiteException ours) {
            FailureKind kind = ours.kind();
            String message = kind == FailureKind.KBANK_UNAVAILABLE ? "KBank could not answer: " + e.getMessage()
                    : kind == FailureKind.AWS_UNAVAILABLE ? "an AWS call failed: " + e.getMessage() : e.getMessage();
            return new Failure(kind, ours.status(), ours.errorType(), message);
        }
        if (e instanceof SdkException) {
            return new Failure(FailureKind.AWS_UNAVAILABLE, FailureKind.AWS_UNAVAILABLE.status(),
                    FailureKind.AWS_UNAVAILABLE.name(), "an AWS call failed: " + e.getMessage());
        }
        return new Failure(FailureKind.INTERNAL, FailureKind.INTERNAL.status(), FailureKind.INTERNAL.name(),
                "internal error: " + e.getClass().getName() + ": " + e.getMessage());
    }

    /** The AWS answer refusing the call by IAM, if {@code e} or one of its causes is one. */
    private static Optional<AwsServiceException> refusedByAws(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    && REFUSED_BY_AWS.contains(aws.awsErrorDetails().errorCode())) {
                return Optional.of(aws);
            }
        }
        return Optional.empty();
    }

    /** Whether the sender is at fault, so the message may be shown. */
    public boolean refusal() {
        return kind == FailureKind.REFUSED;
    }

    /** What the sender may be told: the refusal's reason, or a line that names no internals. */
    public String shown() {
        return refusal() || kind == FailureKind.PENDING ? message
                : "the payment could not be confirmed right now; it has been recorded and will be checked";
    }
}
