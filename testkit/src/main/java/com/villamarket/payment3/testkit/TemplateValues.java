package com.villamarket.payment3.testkit;

import com.villamarket.payment3.testkit.TemplateTables.Intrinsic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a template value as CloudFormation would for one stack: scalars, {@code !Ref} to a parameter
 * (its value given here, else its default), a pseudo parameter or a table or function (its name), and
 * {@code !Sub}. Anything else is refused by name rather than guessed.
 */
final class TemplateValues {

    /** The account id a local stack pretends to be in. */
    static final String ACCOUNT_ID = "000000000000";

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, Object> resources;
    private final Map<String, Object> conditions;
    private final Map<String, String> parameters;
    private final String region;

    @SuppressWarnings("unchecked")
    TemplateValues(Map<String, Object> template, Map<String, String> overrides, String region) {
        this.resources = (Map<String, Object>) template.getOrDefault("Resources", Map.of());
        this.conditions = (Map<String, Object>) template.getOrDefault("Conditions", Map.of());
        this.region = region;
        Map<String, Object> declared = (Map<String, Object>) template.getOrDefault("Parameters", Map.of());
        for (String name : overrides.keySet()) {
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException("template.yaml declares no parameter " + name);
            }
        }
        this.parameters = new HashMap<>();
        declared.forEach((name, definition) -> {
            Object fallback = ((Map<String, Object>) definition).get("Default");
            String value = overrides.containsKey(name) ? overrides.get(name) : fallback == null ? null : String.valueOf(fallback);
            if (value != null) {
                parameters.put(name, value);
            }
        });
    }

    /** The value as a string; empty for {@code !Ref AWS::NoValue}, which removes what holds it. */
    Optional<String> resolve(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(String.valueOf(value));
        }
        if (value instanceof Intrinsic intrinsic) {
            return switch (intrinsic.name()) {
                case "Ref" -> ref(String.valueOf(intrinsic.value()));
                case "Sub" -> Optional.of(sub(intrinsic.value()));
                case "If" -> {
                    List<?> args = (List<?>) intrinsic.value();
                    yield resolve(condition(String.valueOf(args.get(0))) ? args.get(1) : args.get(2));
                }
                default -> throw new IllegalArgumentException("!" + intrinsic.name() + " is not resolved in a local run: " + value);
            };
        }
        throw new IllegalArgumentException("not a scalar template value: " + value);
    }

    /** The value removed by {@code !Ref AWS::NoValue}, in what {@link #evaluate} returns. */
    private static final Object NO_VALUE = new Object();

    /**
     * A whole template value resolved for this stack: scalars as strings, lists and maps with their entries
     * resolved, {@code !If} by its condition, {@code !Select}, {@code !Split}, {@code !Join}, {@code !Ref} and
     * {@code !Sub}; an entry that resolves to {@code !Ref AWS::NoValue} is left out of its list or map.
     *
     * @return a String, a List or a Map; empty when the value itself is {@code AWS::NoValue}
     */
    Optional<Object> evaluate(Object value) {
        Object result = eval(value);
        return result == NO_VALUE ? Optional.empty() : Optional.of(result);
    }

    @SuppressWarnings("unchecked")
    private Object eval(Object value) {
        if (value instanceof List<?> list) {
            List<Object> out = new java.util.ArrayList<>();
            for (Object item : list) {
                Object v = eval(item);
                if (v != NO_VALUE) {
                    out.add(v);
                }
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                Object r = eval(v);
                if (r != NO_VALUE) {
                    out.put(k, r);
                }
            });
            return out;
        }
        if (value instanceof Intrinsic intrinsic) {
            switch (intrinsic.name()) {
                case "If" -> {
                    List<Object> args = (List<Object>) intrinsic.value();
                    return eval(condition(String.valueOf(args.get(0))) ? args.get(1) : args.get(2));
                }
                case "Select" -> {
                    List<Object> args = (List<Object>) intrinsic.value();
                    List<Object> from = (List<Object>) eval(args.get(1));
                    int index = Integer.parseInt(String.valueOf(eval(args.get(0))));
                    if (index >= from.size()) {
                        throw new IllegalArgumentException("!Select " + index + " of " + from + ": CloudFormation fails the stack");
                    }
                    return from.get(index);
                }
                case "Split" -> {
                    List<Object> args = (List<Object>) intrinsic.value();
                    String separator = String.valueOf(args.get(0));
                    String text = String.valueOf(eval(args.get(1)));
                    return List.<Object>of(text.split(Pattern.quote(separator), -1));
                }
                case "Join" -> {
                    List<Object> args = (List<Object>) intrinsic.value();
                    List<Object> parts = (List<Object>) eval(args.get(1));
                    return String.join(String.valueOf(args.get(0)), parts.stream().map(String::valueOf).toList());
                }
                case "Ref" -> {
                    return ref(String.valueOf(intrinsic.value())).map(v -> (Object) v).orElse(NO_VALUE);
                }
                case "Sub" -> {
                    return sub(intrinsic.value());
                }
                default -> throw new IllegalArgumentException("!" + intrinsic.name() + " is not resolved in a local run: " + value);
            }
        }
        return resolve(value).map(v -> (Object) v).orElse(NO_VALUE);
    }

    /** A condition of the template's {@code Conditions}, evaluated for this stack. */
    boolean condition(String name) {
        if (!conditions.containsKey(name)) {
            throw new IllegalArgumentException("template.yaml declares no condition " + name);
        }
        return truth(conditions.get(name));
    }

    @SuppressWarnings("unchecked")
    private boolean truth(Object value) {
        if (!(value instanceof Intrinsic intrinsic)) {
            throw new IllegalArgumentException("not a condition: " + value);
        }
        return switch (intrinsic.name()) {
            case "Equals" -> {
                List<Object> args = (List<Object>) intrinsic.value();
                yield String.valueOf(eval(args.get(0))).equals(String.valueOf(eval(args.get(1))));
            }
            case "Not" -> !truth(((List<Object>) intrinsic.value()).get(0));
            case "And" -> ((List<Object>) intrinsic.value()).stream().allMatch(this::truth);
            case "Or" -> ((List<Object>) intrinsic.value()).stream().anyMatch(this::truth);
            case "Condition" -> condition(String.valueOf(intrinsic.value()));
            default -> throw new IllegalArgumentException("!" + intrinsic.name() + " is not a condition function");
        };
    }

    /** A value that must be present. */
    String required(Object value, String what) {
        return resolve(value).orElseThrow(() -> new IllegalArgumentException(what + " resolves to no value"));
    }

    @SuppressWarnings("unchecked")
    private Optional<String> ref(String name) {
        switch (name) {
            case "AWS::NoValue":
                return Optional.empty();
            case "AWS::Region":
                return Optional.of(region);
            case "AWS::AccountId":
                return Optional.of(ACCOUNT_ID);
            case "AWS::Partition":
                return Optional.of("aws");
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            return Optional.of(parameters.get(name));
        }
        Object resource = resources.get(name);
        if (resource instanceof Map<?, ?> r) {
            Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) r).getOrDefault("Properties", Map.of());
            Object type = r.get("Type");
            if ("AWS::DynamoDB::Table".equals(type)) {
                return Optional.of(required(props.get("TableName"), name + ".TableName"));
            }
            if ("AWS::Serverless::Function".equals(type)) {
                return Optional.of(props.containsKey("FunctionName") ? required(props.get("FunctionName"), name + ".FunctionName") : name);
            }
            throw new IllegalArgumentException("!Ref " + name + " (" + type + ") is not resolved in a local run");
        }
        throw new IllegalArgumentException("!Ref " + name + ": no such parameter, or a parameter with no default "
                + "(give it as a parameter value)");
    }

    @SuppressWarnings("unchecked")
    private String sub(Object value) {
        String text;
        Map<String, Object> variables = Map.of();
        if (value instanceof List<?> list && list.size() == 2) {
            text = String.valueOf(list.get(0));
            variables = (Map<String, Object>) list.get(1);
        } else {
            text = String.valueOf(value);
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (variables.containsKey(name)) {
                Object v = eval(variables.get(name));
                if (v == NO_VALUE || !(v instanceof String)) {
                    throw new IllegalArgumentException("${" + name + "} resolves to no text: " + variables.get(name));
                }
                replacement = (String) v;
            } else if (name.contains(".")) {
                throw new IllegalArgumentException("${" + name + "} (an attribute) is not resolved in a local run");
            } else {
                replacement = ref(name).orElse("");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
