package com.villamarket.payment3.ops;

/** An operation that would change something, asked of the story's read-only DynamoDB or KBank. */
public final class ReadOnlyException extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    ReadOnlyException(String message) {
        super(message);
    }
}
