package io.relance.event;

import io.relance.scenario.EventType;
import jakarta.persistence.EntityManager;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;

/** Reads the events Relance recorded ({@code inbound_event}) for other features, as plain records. */
@Repository
public class EventHistory {

    /** An event as a contact's timeline shows it: the instances it started and those it reached. */
    public record ReceivedEvent(String eventId, String type, Instant receivedAt, List<String> startedInstances,
                                List<String> reachedInstances) {
    }

    /**
     * A contact's opens, clicks and orders since a window start, and the last of them ever (so that a contact can
     * fall dormant).
     */
    public record Activity(String contactId, long opens, long clicks, long orders, Instant lastActivity) {
    }

    /** An event with everything Relance keeps of it (the export of a contact's data). */
    public record RecordedEvent(String eventId, String type, Instant occurredAt, Instant receivedAt, String data) {
    }

    private final InboundEventRepository events;
    private final EntityManager entityManager;

    EventHistory(InboundEventRepository events, EntityManager entityManager) {
        this.events = events;
        this.entityManager = entityManager;
    }

    /** Whether an event of that id was accepted (a sender that derives ids from its own can skip a replay). */
    public boolean isRecorded(String eventId) {
        return events.existsById(eventId);
    }

    /** The contact's latest 200 events, newest first. */
    public List<ReceivedEvent> latestOf(String contactId) {
        return events.findTop200ByContactIdOrderByReceivedAtDesc(contactId).stream()
                .map(e -> new ReceivedEvent(e.getId(), e.getType(), e.getReceivedAt(), e.getStartedInstances(),
                        e.getReachedInstances()))
                .toList();
    }

    /** Activity of every contact with at least one open, click or order ever, in contact id order. */
    public List<Activity> activitySince(Instant windowStart) {
        return entityManager.createQuery("""
                        select e.contactId,
                               sum(case when e.type = :opened and e.occurredAt >= :since then 1 else 0 end),
                               sum(case when e.type = :clicked and e.occurredAt >= :since then 1 else 0 end),
                               sum(case when e.type = :ordered and e.occurredAt >= :since then 1 else 0 end),
                               max(e.occurredAt)
                        from InboundEvent e
                        where e.type in (:opened, :clicked, :ordered)
                        group by e.contactId
                        order by e.contactId""", Object[].class)
                .setParameter("opened", EventType.EMAIL_OPENED)
                .setParameter("clicked", EventType.LINK_CLICKED)
                .setParameter("ordered", EventType.ORDER_PLACED)
                .setParameter("since", windowStart)
                .getResultList().stream()
                .map(row -> new Activity((String) row[0], count(row[1]), count(row[2]), count(row[3]),
                        (Instant) row[4]))
                .toList();
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Every event recorded for the contact, oldest first, with its data (JSON text). */
    public List<RecordedEvent> allOf(String contactId) {
        return events.findByContactIdOrderByOccurredAtAscEventIdAsc(contactId).stream()
                .map(e -> new RecordedEvent(e.getId(), e.getType(), e.getOccurredAt(), e.getReceivedAt(),
                        e.getData()))
                .toList();
    }

    /** Of these contacts, those with an event that occurred or was received at or after {@code since}. */
    public java.util.Set<String> withEventSince(java.util.Collection<String> contactIds, Instant since) {
        if (contactIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(entityManager.createQuery("""
                        select distinct e.contactId from InboundEvent e
                        where e.contactId in :ids and (e.receivedAt >= :since or e.occurredAt >= :since)""",
                        String.class)
                .setParameter("ids", contactIds).setParameter("since", since).getResultList());
    }

    /**
     * Of these contacts, those with an open order: an {@code OrderPlaced} with no {@code OrderDelivered},
     * {@code OrderReturned} or {@code RefundIssued} of the contact that occurred at or after it.
     */
    public java.util.Set<String> withOpenOrder(java.util.Collection<String> contactIds) {
        if (contactIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(entityManager.createQuery("""
                        select distinct o.contactId from InboundEvent o
                        where o.contactId in :ids and o.type = :placed and not exists (
                            select c.eventId from InboundEvent c where c.contactId = o.contactId
                            and c.type in :closing and c.occurredAt >= o.occurredAt)""", String.class)
                .setParameter("ids", contactIds)
                .setParameter("placed", EventType.ORDER_PLACED)
                .setParameter("closing", List.of(EventType.ORDER_DELIVERED, EventType.ORDER_RETURNED,
                        EventType.REFUND_ISSUED))
                .getResultList());
    }
}
