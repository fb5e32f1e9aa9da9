package io.relance.scenario;

import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * A typed process variable name. Delegates, controllers and tests share these constants, so a renamed variable
 * breaks the build rather than a running scenario.
 */
public record ProcessVariable<T>(String name, Class<T> type) {

    public static ProcessVariable<String> string(String name) {
        return new ProcessVariable<>(name, String.class);
    }

    public static ProcessVariable<java.util.Date> date(String name) {
        return new ProcessVariable<>(name, java.util.Date.class);
    }

    public T get(VariableScope scope) {
        Object value = scope.getVariable(name);
        if (value != null && !type.isInstance(value)) {
            throw new IllegalStateException("Process variable '" + name + "' holds a " + value.getClass().getSimpleName()
                    + ", expected " + type.getSimpleName());
        }
        return type.cast(value);
    }

    public void set(VariableScope scope, T value) {
        scope.setVariable(name, value);
    }
}
