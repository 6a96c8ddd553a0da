package com.villamarket.payment3.flows;

import com.villamarket.payment3.common.testing.OneHarnessExtension;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A flow test class over one {@link Wiring} (every function of template.yaml over its own role, moto's DynamoDB,
 * the KBank stub): started before the class's first test, closed after its last, its fakes (KBank stub, invoker,
 * faults, topic, SES) reset before each test; its {@code @BeforeAll}, {@code @BeforeEach} and test methods take
 * the {@link Wiring} as a parameter. The tables stay across the class's tests: each test makes its own orders.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(FlowTest.Extension.class)
@interface FlowTest {

    /** The one home of a flow test class's Wiring: start, reset, close. */
    final class Extension extends OneHarnessExtension<Wiring> {

        Extension() {
            super(Wiring.class);
        }

        @Override
        protected Wiring start() {
            return new Wiring();
        }

        @Override
        protected void beforeEachTest(Wiring wiring) {
            wiring.resetFakes();
        }
    }
}
