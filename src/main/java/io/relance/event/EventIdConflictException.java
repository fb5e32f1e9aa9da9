package io.relance.event;

import io.relance.refusal.Refusal;

/** The event id was already received with different content. */
public class EventIdConflictException extends Refusal {

    EventIdConflictException(String eventId) {
        super(Reason.CONFLICT, "Event id already used", "The event id '" + eventId
                + "' was already received with different content (type, contact, occurredAt or data)."
                + " Use a new event id for a new event.");
    }
}
