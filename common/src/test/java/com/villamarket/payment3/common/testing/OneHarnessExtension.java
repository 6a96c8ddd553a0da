package com.villamarket.payment3.common.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The start and close of a test class's harness (flow-tests' Wiring, ops' StoryHarness): one started before the
 * class's first test and closed after its last, or, when {@link #eachTest} says so, a fresh one started before
 * each test and closed after it; its {@code @BeforeAll} (for the class's), {@code @BeforeEach} and test methods
 * take it as a parameter.
 *
 * @param <T> the harness
 */
public abstract class OneHarnessExtension<T extends AutoCloseable> implements BeforeAllCallback, BeforeEachCallback,
        ParameterResolver {

    private final Class<T> type;

    protected OneHarnessExtension(Class<T> type) {
        this.type = type;
    }

    /** A new harness. */
    protected abstract T start();

    /** Whether the test class wants a fresh harness for each test; by default one serves the class. */
    protected boolean eachTest(ExtensionContext context) {
        return false;
    }

    /** Runs before each test of a class whose harness is shared (to forget what the last test left); nothing by default. */
    protected void beforeEachTest(T harness) {
    }

    /** Closed by JUnit when the context it was put in (the class's or the test's) closes. */
    private record Closing<T extends AutoCloseable>(T harness) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            harness.close();
        }
    }

    @Override
    public final void beforeAll(ExtensionContext context) {
        if (!eachTest(context) && closing(context) == null) {
            store(context).put(Closing.class, new Closing<>(start()));
        }
    }

    @Override
    public final void beforeEach(ExtensionContext context) {
        if (eachTest(context)) {
            store(context).put(Closing.class, new Closing<>(start()));
        } else {
            beforeEachTest(harness(context));
        }
    }

    @Override
    public final boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public final Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return harness(context);
    }

    private T harness(ExtensionContext context) {
        // A test's own harness is in its store; the class's is found through it.
        Closing<?> closing = closing(context);
        if (closing == null) {
            throw new ParameterResolutionException("no " + type.getSimpleName() + " here: a class with one for each test"
                    + " has none for @BeforeAll");
        }
        return type.cast(closing.harness());
    }

    private Closing<?> closing(ExtensionContext context) {
        return store(context).get(Closing.class, Closing.class);
    }

    private ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(getClass()));
    }
}
