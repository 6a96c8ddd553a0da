package com.villamarket.payment3.common.testing;

import com.villamarket.payment3.testkit.LocalSuite;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * One {@link LocalSuite} per test class ({@link LocalSuiteTest}): started once before the class's first test
 * (moto's DynamoDB with the class's own branch and tables, the KBank stub, AWS's permissions front), closed
 * after its last; or one per test ({@link LocalSuiteTest#eachTest()}), started before it and closed after it.
 * Methods take as parameters the {@link LocalSuite}, the class's (or the test's) {@link TestComponents} (one per
 * suite, its {@link TestComponents#function()} the function under test with its role enforced) or a new
 * {@link TestComponents.Builder} over the suite, for a class whose parts differ (an invoker, a hook at each call).
 */
public final class LocalSuiteExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalSuiteExtension.class);

    /** What one test class runs over; closed by JUnit when the class's context closes. */
    private static final class Suite implements ExtensionContext.Store.CloseableResource {
        private final LocalSuite suite;
        private final Map<String, String> variables;
        private final String function;
        private TestComponents components;

        Suite(LocalSuite suite, Map<String, String> variables, String function) {
            this.suite = suite;
            this.variables = variables;
            this.function = function;
        }

        LocalSuite suite() {
            return suite;
        }

        synchronized TestComponents components() {
            if (components == null) {
                components = builder().build();
            }
            return components;
        }

        TestComponents.Builder builder() {
            TestComponents.Builder builder = TestComponents.builder(suite).env(env -> env.putAll(variables));
            return function.isEmpty() ? builder : builder.function(function);
        }

        @Override
        public void close() {
            suite.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // A @Nested class runs over its enclosing class's suite.
        if (context.getStore(NAMESPACE).get(Suite.class, Suite.class) != null || settings(context).eachTest()) {
            return;
        }
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (settings(context).eachTest()) {
            start(context);
        }
    }

    /** Starts a suite for this context (the class's or one test's), closed when the context closes. */
    private static void start(ExtensionContext context) {
        LocalSuiteTest settings = settings(context);
        Map<String, String> variables = new LinkedHashMap<>();
        for (String variable : settings.variables()) {
            int equals = variable.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("@LocalSuiteTest variables are NAME=value: " + variable);
            }
            variables.put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        LocalSuite suite = LocalSuite.start(LocalSuite.parametersOf(variables));
        context.getStore(NAMESPACE).put(Suite.class, new Suite(suite, Map.copyOf(variables), settings.function()));
    }

    /** The annotation of the test class, or of the class a @Nested class is in. */
    private static LocalSuiteTest settings(ExtensionContext context) {
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            Optional<LocalSuiteTest> found = AnnotationSupport.findAnnotation(type, LocalSuiteTest.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new IllegalStateException("LocalSuiteExtension is used through @LocalSuiteTest");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalSuite.class || type == TestComponents.class || type == TestComponents.Builder.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Suite suite = context.getStore(NAMESPACE).get(Suite.class, Suite.class);
        if (suite == null) {
            throw new ParameterResolutionException("no local suite: the class is not annotated @LocalSuiteTest, or is"
                    + " eachTest and this is its @BeforeAll");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == LocalSuite.class) {
            return suite.suite();
        }
        if (type == TestComponents.Builder.class) {
            return suite.builder();
        }
        return suite.components();
    }
}
