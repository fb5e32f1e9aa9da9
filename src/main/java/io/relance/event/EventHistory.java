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

    /** The date-like value of a field of a contact's latest event of a type (see {@link #latestDated}). */
    public record DatedEvent(String contactId, String eventId, String value) {
    }

    /**
     * The contacts whose latest event of this type (by occurrence, then id) has in its {@code data} the field
     * {@code field} as a string starting with one of these dates ({@code YYYY-MM-DD}, or a date-time on that day),
     * with that value. The filter runs in the database (a {@code LIKE} on the stored data, which Relance writes as
     * compact JSON), on the events of that type only; the caller reads the value again.
     */
    public List<DatedEvent> latestDated(String type, String field, java.util.Collection<java.time.LocalDate> dates) {
        return latestLike(type, field, new java.util.TreeSet<>(dates).stream().map(Object::toString).toList());
    }

    /** As {@link #latestDated}, for dates on these days of the year (month * 100 + day), whatever the year. */
    public List<DatedEvent> latestDatedOnDays(String type, String field, java.util.Collection<Integer> monthDays) {
        return latestLike(type, field, new java.util.TreeSet<>(monthDays).stream()
                .map(md -> "____-%02d-%02d".formatted(md / 100, md % 100)).toList());
    }

    private List<DatedEvent> latestLike(String type, String field, List<String> datePatterns) {
        if (datePatterns.isEmpty()) {
            return List.of();
        }
        if (!field.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("not a field name: " + field);
        }
        StringBuilder jpql = new StringBuilder("""
                select e.contactId, e.eventId, e.data from InboundEvent e
                where e.type = :type and (""");
        List<String> patterns = new java.util.ArrayList<>();
        for (String date : datePatterns) {
            jpql.append(patterns.isEmpty() ? "" : " or ").append("e.data like :p").append(patterns.size());
            // The data is stored as compact JSON with sorted keys (EventIntakeService): "field":"2026-11-23...
            patterns.add("%\"" + field + "\":\"" + date + "%");
        }
        jpql.append(") and not exists (select n.eventId from InboundEvent n where n.contactId = e.contactId")
                .append(" and n.type = e.type and (n.occurredAt > e.occurredAt")
                .append(" or (n.occurredAt = e.occurredAt and n.eventId > e.eventId))) order by e.contactId");
        jakarta.persistence.TypedQuery<Object[]> query = entityManager.createQuery(jpql.toString(), Object[].class)
                .setParameter("type", type);
        for (int i = 0; i < patterns.size(); i++) {
            query.setParameter("p" + i, patterns.get(i));
        }
        List<DatedEvent> found = new java.util.ArrayList<>();
        for (Object[] row : query.getResultList()) {
            String value = field((String) row[2], field);
            if (value != null) {
                found.add(new DatedEvent((String) row[0], (String) row[1], value));
            }
        }
        return found;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static String field(String data, String field) {
        try {
            com.fasterxml.jackson.databind.JsonNode value = data == null ? null : JSON.readTree(data).get(field);
            return value != null && value.isTextual() ? value.asText() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
