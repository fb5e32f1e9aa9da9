package io.relance.callback;

import io.relance.scenario.ProcessVariable;

import java.util.Date;

/**
 * The answer of {@code ${callbackCapacity}}, the task "Reserve a call-back slot" a scenario runs before each sales
 * call-back task: a slot of the day's capacity was taken ({@code granted}), or none is left for a request of that
 * priority ({@code full}). The value is what the process variable {@code callbackSlot} holds.
 */
public enum CallbackSlot {

    GRANTED("granted"),
    FULL("full");

    /** Output: {@code granted} or {@code full}, read by the gateway after the reservation task. */
    public static final ProcessVariable<String> RESULT = ProcessVariable.string("callbackSlot");
    /**
     * Output when {@code full}: when to try again, the start of the next business day in
     * {@code relance.callback.time-zone} (a scenario that waits uses it as its timer's date).
     */
    public static final ProcessVariable<Date> RETRY_DATE = ProcessVariable.date("callbackSlotRetryDate");

    private final String value;

    CallbackSlot(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
