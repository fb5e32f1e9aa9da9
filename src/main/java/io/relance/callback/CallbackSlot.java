package io.relance.callback;

import io.relance.scenario.ProcessVariable;

import java.util.Date;

/**
 * The answer of {@code ${callbackCapacity}}, the task "Reserve a call-back slot" a scenario runs before each sales
 * call-back task: a slot of the day's capacity was taken ({@code granted}), none is left for a request of that
 * priority ({@code full}), or the contact has no phone consent ({@code no_consent}). The value is what the process
 * variable {@code callbackSlot} holds.
 */
public enum CallbackSlot {

    GRANTED("granted"),
    FULL("full"),
    /**
     * No slot asked: the contact has not consented to (commercial) calls, or no longer exists; the call was recorded
     * as suppressed in the communication log. The scenario must not create the call-back task.
     */
    NO_CONSENT("no_consent");

    /** Output: {@code granted}, {@code full} or {@code no_consent}, read by the gateway after the reservation task. */
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
