package io.relance.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * Published (a Spring application event) when an event of a contact has been accepted: recorded and correlated, in
 * the intake's transaction, before it commits. A replayed event id publishes nothing. Listeners that count or react
 * (figures, experiments) run in that transaction: what they write commits or rolls back with the event.
 *
 * @param data the event's data as received (never null; an empty object when the event had none)
 */
public record EventAccepted(String eventId, String type, String contactId, Instant occurredAt, Instant receivedAt,
                            ObjectNode data, List<String> startedInstances, List<String> reachedInstances) {
}
