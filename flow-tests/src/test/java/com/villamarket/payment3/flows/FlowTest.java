package com.villamarket.payment3.flows;

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
    final class Extension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Extension.class);

        /** Closed by JUnit when the class's context closes. */
        private record Closing(Wiring wiring) implements ExtensionContext.Store.CloseableResource {
            @Override
            public void close() {
                wiring.close();
            }
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            if (context.getStore(NAMESPACE).get(Closing.class, Closing.class) == null) {
                context.getStore(NAMESPACE).put(Closing.class, new Closing(new Wiring()));
            }
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            wiring(context).resetFakes();
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Wiring.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return wiring(context);
        }

        private static Wiring wiring(ExtensionContext context) {
            return context.getStore(NAMESPACE).get(Closing.class, Closing.class).wiring();
        }
    }
}
