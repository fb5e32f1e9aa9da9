package io.relance.event;

import io.relance.refusal.Refusal;

/** The event could not be taken in now, having changed nothing: the same event may be sent again later. */
public class IntakeBusyException extends Refusal {

    /** The contact's scenarios kept being updated concurrently. */
    IntakeBusyException() {
        this("The contact's scenarios are being updated concurrently; retry the same event later.");
    }

    private IntakeBusyException(String detail) {
        super(Reason.BUSY, "Busy", detail);
    }

    /** The intake's turn did not come within {@code relance.events.max-wait} ({@link IntakeGate}). */
    static IntakeBusyException noTurn() {
        return new IntakeBusyException("Relance is taking in as many events as it can; retry the same event later.");
    }
}
