package io.relance.event;

import io.relance.refusal.FieldProblem;
import io.relance.refusal.Refusal;

import java.util.Collection;
import java.util.List;

/** No deployed scenario starts with or waits for the event's type. */
public class UnknownEventTypeException extends Refusal {

    UnknownEventTypeException(String type, Collection<String> known) {
        super(Reason.REFUSED, "Unknown event type", "No deployed scenario starts with or waits for the event type '"
                        + type + "'. Known types: " + String.join(", ", known) + ".",
                List.of(new FieldProblem("type", "unknown event type '" + type + "'")));
    }
}
