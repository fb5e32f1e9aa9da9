package io.relance.pressure;

import io.relance.channel.MessageChannel;
import io.relance.config.Utc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;

/** The {@code pending_message} table (instants stored in UTC, like the JPA entities). */
@Repository
public class PendingMessages {

    private static final String COLUMNS = "id, idempotency_key, contact_id, channel, message_type, priority, scenario,"
            + " process_instance_id, activity_id, external_task_id, broadcast_id, due_at, decide_at, window_end, status,"
            + " reason, winner_id, created_at";

    private final JdbcTemplate jdbc;

    PendingMessages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final RowMapper<PendingMessage> ROW = (rs, n) -> new PendingMessage(rs.getString("id"),
            rs.getString("idempotency_key"), rs.getString("contact_id"),
            MessageChannel.valueOf(rs.getString("channel")), rs.getString("message_type"), rs.getInt("priority"),
            rs.getString("scenario"), rs.getString("process_instance_id"), rs.getString("activity_id"),
            rs.getString("external_task_id"), rs.getString("broadcast_id"), Utc.instant(rs, "due_at"),
            Utc.instant(rs, "decide_at"), Utc.instant(rs, "window_end"),
            PendingMessage.Status.valueOf(rs.getString("status")), rs.getString("reason"), rs.getString("winner_id"),
            Utc.instant(rs, "created_at"));

    /** Inserts one message (a duplicate idempotency key fails). */
    public void insert(PendingMessage m) {
        insertAll(List.of(m));
    }

    public void insertAll(List<PendingMessage> messages) {
        Calendar utc = Utc.calendar();
        jdbc.batchUpdate("INSERT INTO pending_message (" + COLUMNS + ", updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", messages, 500,
                (ps, m) -> {
                    ps.setString(1, m.id());
                    ps.setString(2, m.idempotencyKey());
                    ps.setString(3, m.contactId());
                    ps.setString(4, m.channel().name());
                    ps.setString(5, m.messageType());
                    ps.setInt(6, m.priority());
                    ps.setString(7, m.scenario());
                    ps.setString(8, m.processInstanceId());
                    ps.setString(9, m.activityId());
                    ps.setString(10, m.externalTaskId());
                    ps.setString(11, m.broadcastId());
                    ps.setTimestamp(12, Utc.timestamp(m.dueAt()), utc);
                    ps.setTimestamp(13, Utc.timestamp(m.decideAt()), utc);
                    ps.setTimestamp(14, Utc.timestamp(m.windowEnd()), utc);
                    ps.setString(15, m.status().name());
                    ps.setString(16, m.reason());
                    ps.setString(17, m.winnerId());
                    ps.setTimestamp(18, Utc.timestamp(m.createdAt()), utc);
                    ps.setTimestamp(19, Utc.timestamp(m.createdAt()), utc);
                });
    }

    public Optional<PendingMessage> byKey(String idempotencyKey) {
        return jdbc.query("SELECT " + COLUMNS + " FROM pending_message WHERE idempotency_key = ?", ROW,
                idempotencyKey).stream().findFirst();
    }

    /** The messages of these idempotency keys, by key (those registered). */
    public java.util.Map<String, PendingMessage> byKeys(java.util.Collection<String> idempotencyKeys) {
        java.util.Map<String, PendingMessage> rows = new java.util.HashMap<>();
        List<String> keys = List.copyOf(new java.util.LinkedHashSet<>(idempotencyKeys));
        for (int from = 0; from < keys.size(); from += 500) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
            jdbc.query("SELECT " + COLUMNS + " FROM pending_message WHERE idempotency_key IN (" + marks(chunk) + ")",
                    ROW, chunk.toArray()).forEach(m -> rows.put(m.idempotencyKey(), m));
        }
        return rows;
    }

    /** Contacts with a message waiting whose decision time has come, oldest first. */
    public List<String> contactsDue(Instant now, int limit) {
        // Reads the due rows in decide_at order along idx_pending_message_due and stops after a few, instead of
        // grouping every due row (a broadcast has 100,000): a contact's first row is its earliest.
        java.util.LinkedHashSet<String> contacts = new java.util.LinkedHashSet<>();
        jdbc.query("SELECT contact_id FROM pending_message WHERE status = 'PENDING' AND decide_at <= ?"
                        + " ORDER BY decide_at",
                ps -> {
                    ps.setTimestamp(1, Utc.timestamp(now), Utc.calendar());
                    ps.setMaxRows(limit * 4);
                }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    if (contacts.size() < limit) {
                        contacts.add(rs.getString(1));
                    }
                });
        return List.copyOf(contacts);
    }

    /**
     * Values per {@code IN (...)} list of contact ids. MariaDB estimates a list shorter than its
     * {@code eq_range_index_dive_limit} (200) by looking into the index, a longer one from the table's statistics;
     * those lag behind a table a broadcast has just filled (the statistics of a table created empty still said 0 rows
     * when it held 40,000), and led it to read the whole table for each batch of contacts instead of their rows.
     */
    static final int IN_LIST = 100;

    /** Messages of these contacts granted but not yet sent (they count against the caps). */
    public List<PendingMessage> granted(List<String> contactIds) {
        return inLists(contactIds, chunk -> jdbc.query("SELECT " + COLUMNS + " FROM pending_message"
                + " WHERE contact_id IN (" + marks(chunk) + ") AND status = 'GRANTED'", ROW, chunk.toArray()));
    }

    /** The waiting messages of these contacts deciding before {@code until} (each contact's in decision order). */
    public List<PendingMessage> waiting(List<String> contactIds, Instant until) {
        return inLists(contactIds, chunk -> {
            List<Object> args = new java.util.ArrayList<>(chunk);
            args.add(Utc.timestamp(until));
            return jdbc.query("SELECT " + COLUMNS + " FROM pending_message WHERE contact_id IN (" + marks(chunk)
                    + ") AND status = 'PENDING' AND decide_at < ? ORDER BY decide_at", ROW, args.toArray());
        });
    }

    /** The rows of a query run for {@link #IN_LIST} contacts at a time. */
    private static List<PendingMessage> inLists(List<String> contactIds,
                                                java.util.function.Function<List<String>, List<PendingMessage>> query) {
        if (contactIds.size() <= IN_LIST) {
            return query.apply(contactIds);
        }
        List<PendingMessage> rows = new java.util.ArrayList<>();
        for (int from = 0; from < contactIds.size(); from += IN_LIST) {
            rows.addAll(query.apply(contactIds.subList(from, Math.min(contactIds.size(), from + IN_LIST))));
        }
        return rows;
    }

    /**
     * Records many decisions or outcomes at once: one statement for each group of messages with the same status,
     * reason and winner (most of a batch is granted, or sent), of at most 500 ids, instead of one per message.
     */
    public void updateAll(List<PendingMessage> decided, Instant now) {
        java.util.Map<Change, List<String>> groups = new java.util.LinkedHashMap<>();
        for (PendingMessage m : decided) {
            groups.computeIfAbsent(new Change(m.status(), truncate(m.reason()), m.winnerId()),
                    change -> new java.util.ArrayList<>()).add(m.id());
        }
        Calendar utc = Utc.calendar();
        groups.forEach((change, ids) -> {
            List<String> sorted = ids.stream().sorted().toList();
            for (int from = 0; from < sorted.size(); from += 500) {
                List<String> chunk = sorted.subList(from, Math.min(sorted.size(), from + 500));
                jdbc.update("UPDATE pending_message SET status = ?, reason = ?, winner_id = ?, updated_at = ?"
                        + " WHERE id IN (" + marks(chunk) + ")", ps -> {
                            ps.setString(1, change.status().name());
                            ps.setString(2, change.reason());
                            ps.setString(3, change.winnerId());
                            ps.setTimestamp(4, Utc.timestamp(now), utc);
                            for (int i = 0; i < chunk.size(); i++) {
                                ps.setString(5 + i, chunk.get(i));
                            }
                        });
            }
        });
    }

    private record Change(PendingMessage.Status status, String reason, String winnerId) {
    }

    /** The placeholders of an {@code IN (...)} list of these values. */
    static String marks(List<String> values) {
        return String.join(", ", java.util.Collections.nCopies(values.size(), "?"));
    }

    /**
     * Claims up to {@code limit} granted messages due for delivery (of broadcasts and send tasks), the oldest first,
     * until {@code leaseUntil}: three statements whatever the number (candidates, one update marking them with a
     * token of this claim, the rows marked). Rows another thread or node claimed meanwhile are not among them.
     */
    public List<PendingMessage> claimGranted(Instant now, Instant leaseUntil, int limit) {
        List<String> candidates = jdbc.query("SELECT id FROM pending_message WHERE status = 'GRANTED'"
                + " AND decide_at <= ? AND (broadcast_id IS NOT NULL OR external_task_id IS NOT NULL)"
                + " ORDER BY decide_at", ps -> {
                    ps.setTimestamp(1, Utc.timestamp(now), Utc.calendar());
                    ps.setMaxRows(limit);
                }, (rs, n) -> rs.getString(1));
        if (candidates.isEmpty()) {
            return List.of();
        }
        String token = java.util.UUID.randomUUID().toString();
        int claimed = jdbc.update("UPDATE pending_message SET decide_at = ?, claim_token = ? WHERE id IN ("
                + marks(candidates) + ") AND status = 'GRANTED' AND decide_at <= ?", ps -> {
                    ps.setTimestamp(1, Utc.timestamp(leaseUntil), Utc.calendar());
                    ps.setString(2, token);
                    for (int i = 0; i < candidates.size(); i++) {
                        ps.setString(3 + i, candidates.get(i));
                    }
                    ps.setTimestamp(3 + candidates.size(), Utc.timestamp(now), Utc.calendar());
                });
        return claimed == 0 ? List.of() : jdbc.query("SELECT " + COLUMNS + " FROM pending_message WHERE claim_token = ?"
                + " AND status = 'GRANTED' ORDER BY decide_at", ROW, token);
    }

    /** Hands claimed messages back undelivered: any thread or node may claim them again from {@code now}. */
    public void release(List<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.update("UPDATE pending_message SET decide_at = ? WHERE id IN (" + marks(ids) + ") AND status = 'GRANTED'",
                ps -> {
                    ps.setTimestamp(1, Utc.timestamp(now), Utc.calendar());
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setString(2 + i, ids.get(i));
                    }
                });
    }

    /**
     * The decision time of a granted message of a send task whose delivery failed: its task retries it (the engine's
     * retry time, an operator's retry after an incident), not the delivery threads.
     */
    static final Instant PARKED = Instant.parse("9999-01-01T00:00:00Z");
    private static final Instant PARKED_FROM = Instant.parse("9000-01-01T00:00:00Z");

    /** Parks a granted message until its send task comes back ({@link #unpark}). */
    public void park(String id, Instant now) {
        jdbc.update("UPDATE pending_message SET decide_at = ?, updated_at = ? WHERE id = ?", ps -> {
            ps.setTimestamp(1, Utc.timestamp(PARKED), Utc.calendar());
            ps.setTimestamp(2, Utc.timestamp(now), Utc.calendar());
            ps.setString(3, id);
        });
    }

    /** Its send task came back: a parked message is delivered again; false when it was not parked. */
    public boolean unpark(String id, Instant now) {
        return jdbc.update("UPDATE pending_message SET decide_at = ?, updated_at = ? WHERE id = ? AND status = 'GRANTED'"
                + " AND decide_at >= ?", ps -> {
                    ps.setTimestamp(1, Utc.timestamp(now), Utc.calendar());
                    ps.setTimestamp(2, Utc.timestamp(now), Utc.calendar());
                    ps.setString(3, id);
                    ps.setTimestamp(4, Utc.timestamp(PARKED_FROM), Utc.calendar());
                }) == 1;
    }

    static boolean parked(PendingMessage m) {
        return !m.decideAt().isBefore(PARKED_FROM);
    }

    /** A granted message whose delivery failed for now: tried again at {@code at}. */
    public void postpone(String id, Instant at) {
        jdbc.update("UPDATE pending_message SET decide_at = ?, updated_at = ? WHERE id = ?", ps -> {
            ps.setTimestamp(1, Utc.timestamp(at), Utc.calendar());
            ps.setTimestamp(2, Utc.timestamp(at), Utc.calendar());
            ps.setString(3, id);
        });
    }

    public List<PendingMessage> ofContact(String contactId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM pending_message WHERE contact_id = ? AND status IN"
                + " ('PENDING', 'GRANTED') ORDER BY decide_at", ROW, contactId);
    }

    /** Records a decision or an outcome. */
    public void update(String id, PendingMessage.Status status, String reason, String winnerId, Instant now) {
        jdbc.update("UPDATE pending_message SET status = ?, reason = ?, winner_id = ?, updated_at = ? WHERE id = ?",
                ps -> {
                    ps.setString(1, status.name());
                    ps.setString(2, truncate(reason));
                    ps.setString(3, winnerId);
                    ps.setTimestamp(4, Utc.timestamp(now), Utc.calendar());
                    ps.setString(5, id);
                });
    }

    /**
     * Forgets decided messages last changed before {@code before} (the communication log keeps what was sent or
     * suppressed); granted ones not yet sent are kept.
     */
    public int deleteDecidedBefore(Instant before) {
        return jdbc.update("DELETE FROM pending_message WHERE status IN ('SENT', 'SUPPRESSED', 'FAILED', 'CANCELLED')"
                + " AND updated_at < ?", ps -> ps.setTimestamp(1, Utc.timestamp(before), Utc.calendar()));
    }

    /**
     * The greatest contact id among a broadcast's messages (where a registration begun before the broadcast row kept
     * its last contact resumes); null if none.
     */
    public String lastContactOfBroadcast(String broadcastId) {
        return jdbc.queryForObject("SELECT MAX(contact_id) FROM pending_message WHERE broadcast_id = ?", String.class,
                broadcastId);
    }

    /** Counts per status of a broadcast's messages. */
    public List<Object[]> countsOfBroadcast(String broadcastId) {
        return jdbc.query("SELECT status, COUNT(*) FROM pending_message WHERE broadcast_id = ? GROUP BY status",
                (rs, n) -> new Object[]{rs.getString(1), rs.getLong(2)}, broadcastId);
    }

    private static String truncate(String value) {
        return value == null || value.length() <= 1000 ? value : value.substring(0, 999) + "…";
    }

    /** How many messages have this status, per channel (a metrics gauge; the (status, decide_at) index serves it). */
    public java.util.Map<String, Long> countByStatusAndChannel(String status) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.query("SELECT channel, COUNT(*) FROM pending_message WHERE status = ? GROUP BY channel",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)),
                status);
        return counts;
    }

    /** Messages of broadcasts still to deliver, per status (PENDING, GRANTED): a broadcast's progress gauge. */
    public java.util.Map<String, Long> countOfBroadcastsToDeliver() {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.query("SELECT status, COUNT(*) FROM pending_message WHERE status IN ('PENDING', 'GRANTED')"
                        + " AND broadcast_id IS NOT NULL GROUP BY status",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }
}
