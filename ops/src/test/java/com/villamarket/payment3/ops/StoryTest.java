package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.testing.OneHarnessExtension;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
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
    final class Extension extends OneHarnessExtension<StoryHarness> {

        Extension() {
            super(StoryHarness.class);
        }

        @Override
        protected StoryHarness start() {
            return new StoryHarness();
        }

        @Override
        protected boolean eachTest(ExtensionContext context) {
            return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), StoryTest.class)
                    .map(StoryTest::eachTest).orElse(false);
        }
    }
}
