package io.relance.scenario;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;

import java.util.Date;
import java.util.Map;

/**
 * A typed process variable name. Delegates, controllers and tests share these constants, so a renamed variable
 * breaks the build rather than a running scenario; reading one checks its type, so a variable holding something
 * else fails naming the variable rather than with a {@code ClassCastException} somewhere later.
 * <p>
 * Numbers are read as {@link Number} ({@link #number}): Camunda keeps the integer type the value was set with
 * (Integer from an expression or the engine, Long from JSON event data).
 */
public record ProcessVariable<T>(String name, Class<T> type) {

    public static ProcessVariable<String> string(String name) {
        return new ProcessVariable<>(name, String.class);
    }

    public static ProcessVariable<Date> date(String name) {
        return new ProcessVariable<>(name, Date.class);
    }

    public static ProcessVariable<Boolean> bool(String name) {
        return new ProcessVariable<>(name, Boolean.class);
    }

    public static ProcessVariable<Number> number(String name) {
        return new ProcessVariable<>(name, Number.class);
    }

    /**
     * A JSON value (Camunda Spin): read as whatever the engine gives back (its text is the JSON), written as a
     * {@code SpinValues.jsonValue(...)} typed value — never a serialized Java object.
     */
    public static ProcessVariable<Object> json(String name) {
        return new ProcessVariable<>(name, Object.class);
    }

    /** The value in the scope (or its parents), null when unset. */
    public T get(VariableScope scope) {
        return cast(scope.getVariable(name));
    }

    /** The value in the scope itself (not its parents), null when unset. */
    public T getLocal(VariableScope scope) {
        return cast(scope.getVariableLocal(name));
    }

    /**
     * The stored value whatever its type, for values that come from outside (event data, a submitted form) and that
     * the caller checks itself, with a message for the person who set them.
     */
    public Object raw(VariableScope scope) {
        return scope.getVariable(name);
    }

    /** The value in a map of variables (e.g. those of an external task), null when absent. */
    public T from(Map<String, ?> variables) {
        return cast(variables.get(name));
    }

    /** The value, or {@code fallback} when unset (or, for strings, blank). */
    public T getOrDefault(VariableScope scope, T fallback) {
        T value = get(scope);
        return value == null || value instanceof String text && text.isBlank() ? fallback : value;
    }

    public void set(VariableScope scope, T value) {
        scope.setVariable(name, value);
    }

    public void setLocal(VariableScope scope, T value) {
        scope.setVariableLocal(name, value);
    }

    /** Adds the value to a variable map (process start, message correlation, task completion). */
    public VariableMap put(VariableMap variables, T value) {
        return variables.putValue(name, value);
    }

    private T cast(Object value) {
        if (value != null && !type.isInstance(value)) {
            throw new IllegalStateException("Process variable '" + name + "' holds a " + value.getClass().getSimpleName()
                    + ", expected " + type.getSimpleName());
        }
        return type.cast(value);
    }
}
