package io.relance.event;

import java.time.Instant;
import java.util.List;

/**
 * What an event did: the scenario instances it started and the waiting instances it reached.
 * The same answer is given again for a repeated event id.
 */
public record EventReceipt(String eventId, String type, String contactId, Instant occurredAt, Instant receivedAt,
                           List<String> startedInstances, List<String> reachedInstances) {

    static EventReceipt of(InboundEvent event) {
        return new EventReceipt(event.getId(), event.getType(), event.getContactId(), event.getOccurredAt(),
                event.getReceivedAt(), event.getStartedInstances(), event.getReachedInstances());
    }
}
