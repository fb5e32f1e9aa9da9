package io.relance.event;

import io.relance.refusal.Refusal;

/** A scenario could not take the event (e.g. an expression on a missing or malformed field); nothing was recorded. */
public class EventRefusedException extends Refusal {

    EventRefusedException(String type, RuntimeException cause) {
        super(Reason.REFUSED, "Event refused by a scenario", "A scenario could not take the " + type + " event: "
                + cause.getMessage() + ". Nothing was recorded; fix the event's data and send it again.");
        initCause(cause);
    }
}
