package io.relance.engagement;

import io.relance.scenario.Engagement;
import io.relance.scenario.EventType;
import jakarta.persistence.EntityManager;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;

/**
 * Reads a contact's activity from the events Relance recorded ({@code inbound_event}): opens, clicks and orders
 * since a given instant, and the last of them ever. Only contacts with at least one such event are listed.
 */
@Repository
class ActivityQuery {

    /** Counts since the window start, and the last activity ever (so that a contact can fall dormant). */
    record Activity(String contactId, long opens, long clicks, long orders, Instant lastActivity) {
    }

    private final EntityManager entityManager;

    ActivityQuery(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    List<Activity> since(Instant windowStart) {
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
}
