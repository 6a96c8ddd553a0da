package com.villamarket.payment3.common.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class run over one {@link com.villamarket.payment3.testkit.LocalSuite} ({@link LocalSuiteExtension}):
 * started before its first test, closed after its last, or with {@code eachTest = true} a fresh stack for each
 * test, closed after it; its {@code @BeforeAll} (only when the suite is the class's), {@code @BeforeEach} and test
 * methods take the suite, a {@link TestComponents} or a {@link TestComponents.Builder} as parameters.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(LocalSuiteExtension.class)
public @interface LocalSuiteTest {

    /**
     * Function variables the stack is deployed with, as {@code NAME=value} ({@code PAY_FUNCTION_NAME=pay-x}):
     * the suite starts with the template parameters that set them (so the roles are those of such a stack) and
     * every {@link TestComponents} of the class reads them in its environment.
     */
    String[] variables() default {};

    /**
     * The logical id of the function under test ({@link TestComponents#function()}); by default the function
     * template.yaml deploys from the module whose tests run.
     */
    String function() default "";

    /**
     * A fresh stack (its own tables, KBank stub, clock and parts) for each test, where one serves the whole class
     * by default: for tests whose function reads whatever its tables hold, as reconciliation does.
     */
    boolean eachTest() default false;
}
