package io.relance.callback;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a sales rep answers in the call-back form; the value is what the process variable {@code outcome} holds. */
public enum CallOutcome {

    REACHED("reached"),
    NO_ANSWER("no_answer"),
    NOT_INTERESTED("not_interested"),
    CONVERTED("converted");

    private final String value;

    CallOutcome(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<CallOutcome> of(Object value) {
        return Arrays.stream(values()).filter(outcome -> outcome.value.equals(value)).findFirst();
    }

    public static List<String> allValues() {
        return Arrays.stream(values()).map(CallOutcome::value).toList();
    }
}
