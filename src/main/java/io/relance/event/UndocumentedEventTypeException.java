package io.relance.event;

import io.relance.refusal.Refusal;

/** The event catalogue does not document the type asked for. */
public class UndocumentedEventTypeException extends Refusal {

    UndocumentedEventTypeException(String type) {
        super(Reason.NOT_FOUND, "Unknown event type", "The event catalogue has no event type '" + type + "'.");
    }
}
