package io.relance.event;

import io.relance.config.Utc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The intake's two statements on {@code inbound_event}, in plain JDBC: the lookup of an event id and the insert of
 * the record, once per event on the busiest path (JPA's query and persist machinery cost more than the statements
 * themselves). Reads for timelines and exports stay with {@link InboundEventRepository}.
 */
@Component
class InboundEvents {

    private static final String COLUMNS = "event_id, type, contact_id, occurred_at, received_at, request_hash, data, "
            + "started_instances, reached_instances";

    private final JdbcTemplate jdbc;

    InboundEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<InboundEvent> find(String eventId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM inbound_event WHERE event_id = ?", (rs, row) ->
                InboundEvent.recorded(rs.getString("event_id"), rs.getString("type"), rs.getString("contact_id"),
                        Utc.instant(rs, "occurred_at"), Utc.instant(rs, "received_at"), rs.getString("request_hash"),
                        rs.getString("data"), rs.getString("started_instances"), rs.getString("reached_instances")),
                eventId).stream().findFirst();
    }

    /** Inserts the record; its primary key refuses a second record of the event id (a DuplicateKeyException). */
    void insert(InboundEvent event) {
        jdbc.update("INSERT INTO inbound_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, event.getId());
            ps.setString(2, event.getType());
            ps.setString(3, event.getContactId());
            ps.setTimestamp(4, Utc.timestamp(event.getOccurredAt()), Utc.calendar());
            ps.setTimestamp(5, Utc.timestamp(event.getReceivedAt()), Utc.calendar());
            ps.setString(6, event.getRequestHash());
            ps.setString(7, event.getData());
            ps.setString(8, event.startedColumn());
            ps.setString(9, event.reachedColumn());
        });
    }
}
