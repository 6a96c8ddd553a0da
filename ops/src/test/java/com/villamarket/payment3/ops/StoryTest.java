package com.villamarket.payment3.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A test class of ops over a {@link StoryHarness} (every function over its own role, the story teller over the
 * same tables): one started before the class's first test and closed after its last, or with
 * {@code eachTest = true} a fresh one for each test (for a test that reads every table, as the worklist does),
 * closed after it. Its {@code @BeforeAll}, {@code @BeforeEach} and test methods take the harness as a parameter
 * ({@code @BeforeAll} only when the harness is the class's).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(StoryTest.Extension.class)
@interface StoryTest {

    /** A fresh harness (its own tables) for each test, where one serves the whole class by default. */
    boolean eachTest() default false;

    /** The one home of a story test's harness: start and close. */
    final class Extension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Extension.class);

        /** Closed by JUnit when the context it was put in (the class's or the test's) closes. */
        private record Closing(StoryHarness harness) implements ExtensionContext.Store.CloseableResource {
            @Override
            public void close() {
                harness.close();
            }
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            if (!eachTest(context) && context.getStore(NAMESPACE).get(Closing.class, Closing.class) == null) {
                context.getStore(NAMESPACE).put(Closing.class, new Closing(new StoryHarness()));
            }
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            if (eachTest(context)) {
                context.getStore(NAMESPACE).put(Closing.class, new Closing(new StoryHarness()));
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == StoryHarness.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // A test's own harness is in its store; the class's is found through it.
            Closing closing = context.getStore(NAMESPACE).get(Closing.class, Closing.class);
            if (closing == null) {
                throw new IllegalStateException("no story harness here: with eachTest, @BeforeAll has none");
            }
            return closing.harness();
        }

        private static boolean eachTest(ExtensionContext context) {
            return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), StoryTest.class)
                    .map(StoryTest::eachTest).orElse(false);
        }
    }
}
