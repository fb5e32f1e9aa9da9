package io.relance.figures;

import io.relance.config.BeforeCommit;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the figures: each transaction's increments are collected in a {@link Tally} and written once, just before it
 * commits, as one batch upsert per table (MariaDB {@code INSERT ... ON DUPLICATE KEY UPDATE}; H2 update, then insert
 * what was missing). The rows are taken in key order and spread over {@code shards} (one shard per transaction), so
 * that concurrent intakes seldom wait for one another and never deadlock on counters. Outside a transaction the
 * increments are written at once.
 */
@Component
class FigureStore {

    private static final int ROWS_PER_STATEMENT = 200;

    private final JdbcTemplate jdbc;
    private final int shards;
    private final boolean mariadb;

    FigureStore(JdbcTemplate jdbc, DataSource dataSource, FiguresProperties properties) throws SQLException {
        this.jdbc = jdbc;
        this.shards = properties.shards();
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            this.mariadb = product.contains("mariadb") || product.contains("mysql");
        }
    }

    /** The tally of each transaction, written before it commits; a transaction rolled back writes nothing. */
    private final BeforeCommit<Tally> tallies = new BeforeCommit<>(Tally::new, this::write);

    /** The tally of the current transaction (written before it commits), or a fresh one written at once. */
    void record(java.util.function.Consumer<Tally> increments) {
        tallies.add(increments);
    }

    void write(Tally tally) {
        if (tally.isEmpty()) {
            return;
        }
        int shard = shards == 1 ? 0 : ThreadLocalRandom.current().nextInt(shards);
        writeSent(tally.sentMessages());
        writeCounts(tally.counts(), shard);
        writeGauges(tally.gauges(), shard);
    }

    private void writeCounts(Map<Tally.Key, Long> counts, int shard) {
        if (counts.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        counts.forEach((k, n) -> rows.add(new Object[]{k.scenario(), k.day(), k.version(), k.element(), k.metric(),
                shard, n}));
        if (mariadb) {
            upsert("INSERT INTO figure_count (scenario, on_day, version, element, metric, shard, n) VALUES ",
                    "(?, ?, ?, ?, ?, ?, ?)", " ON DUPLICATE KEY UPDATE n = n + VALUES(n)", rows);
        } else {
            addOrInsert("UPDATE figure_count SET n = n + ? WHERE scenario = ? AND on_day = ? AND version = ?"
                            + " AND element = ? AND metric = ? AND shard = ?",
                    "INSERT INTO figure_count (scenario, on_day, version, element, metric, shard, n)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
        }
    }

    private void writeGauges(Map<Tally.Gauge, Long> gauges, int shard) {
        if (gauges.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        gauges.forEach((g, n) -> rows.add(new Object[]{g.scenario(), g.version(), g.element(), shard, n}));
        if (mariadb) {
            upsert("INSERT INTO figure_gauge (scenario, version, element, shard, n) VALUES ", "(?, ?, ?, ?, ?)",
                    " ON DUPLICATE KEY UPDATE n = n + VALUES(n)", rows);
        } else {
            addOrInsert("UPDATE figure_gauge SET n = n + ? WHERE scenario = ? AND version = ? AND element = ?"
                            + " AND shard = ?",
                    "INSERT INTO figure_gauge (scenario, version, element, shard, n) VALUES (?, ?, ?, ?, ?)", rows);
        }
    }

    private void writeSent(List<Tally.Sent> sent) {
        if (sent.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        sent.forEach(s -> rows.add(new Object[]{s.communicationId(), s.contactId(), s.scenario(), s.version(),
                s.channel(), s.messageType(), s.commercial() ? "commercial" : "transactional",
                Timestamp.from(s.sentAt())}));
        String columns = "INSERT INTO figure_message (communication_id, contact_id, scenario, version, channel,"
                + " message_type, category, sent_at) VALUES ";
        if (mariadb) {
            upsert(columns, "(?, ?, ?, ?, ?, ?, ?, ?)", " ON DUPLICATE KEY UPDATE communication_id = communication_id",
                    rows);
        } else {
            for (Object[] row : rows) {
                try {
                    jdbc.update(columns + "(?, ?, ?, ?, ?, ?, ?, ?)", row);
                } catch (DuplicateKeyException alreadyRecorded) {
                    // The same message recorded again (a replayed outcome): counted once.
                }
            }
        }
    }

    /** Multi-row statements of up to {@value #ROWS_PER_STATEMENT} rows. */
    private void upsert(String head, String tuple, String tail, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder(head);
            List<Object> args = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(tuple);
                args.addAll(List.of(chunk.get(i)));
            }
            jdbc.update(sql.append(tail).toString(), args.toArray());
        }
    }

    /** H2: add to existing rows in one batch, insert the missing ones (a concurrent insert: add again). */
    private void addOrInsert(String update, String insert, List<Object[]> rows) {
        List<Object[]> updates = rows.stream().map(FigureStore::amountFirst).toList();
        int[] updated = jdbc.batchUpdate(update, updates);
        for (int i = 0; i < rows.size(); i++) {
            if (updated[i] == 0) {
                try {
                    jdbc.update(insert, rows.get(i));
                } catch (DuplicateKeyException concurrent) {
                    jdbc.update(update, updates.get(i));
                }
            }
        }
    }

    private static Object[] amountFirst(Object[] row) {
        Object[] moved = new Object[row.length];
        moved[0] = row[row.length - 1];
        System.arraycopy(row, 0, moved, 1, row.length - 1);
        return moved;
    }

    // --- messages: unique reactions and attribution ------------------------------------------------------------

    /** A message a scenario sent, with its first reactions (null when none). */
    record Message(String communicationId, String contactId, String scenario, int version, String channel,
                   String messageType, boolean commercial, Instant sentAt, Instant openedAt,
                   Instant clickedAt) {
    }

    /** The reactions a message can have once. */
    enum Reaction {
        OPENED("opened_at"), CLICKED("clicked_at"), UNSUBSCRIBED("unsubscribed_at"), DELIVERED("delivered_at");

        private final String column;

        Reaction(String column) {
            this.column = column;
        }
    }

    /**
     * Marks the message's first reaction of that kind: true the first time (count it), false when it was already
     * marked or the message is not one a scenario sent. The row stays locked until the transaction ends, so two
     * clicks at once count once.
     */
    boolean firstReaction(String communicationId, Reaction reaction, Instant at) {
        return jdbc.update("UPDATE figure_message SET " + reaction.column + " = ? WHERE communication_id = ? AND "
                + reaction.column + " IS NULL", Timestamp.from(at), communicationId) == 1;
    }

    java.util.Optional<Message> message(String communicationId) {
        return jdbc.query("SELECT communication_id, contact_id, scenario, version, channel, message_type,"
                        + " category, sent_at, opened_at, clicked_at FROM figure_message WHERE communication_id = ?",
                (rs, i) -> message(rs), communicationId).stream().findFirst();
    }

    /** The messages a contact received in [{@code from}, {@code to}], oldest first. */
    List<Message> messagesOf(String contactId, Instant from, Instant to) {
        return jdbc.query("SELECT communication_id, contact_id, scenario, version, channel, message_type,"
                        + " category, sent_at, opened_at, clicked_at FROM figure_message WHERE contact_id = ?"
                        + " AND sent_at >= ? AND sent_at <= ? ORDER BY sent_at",
                (rs, i) -> message(rs), contactId, Timestamp.from(from), Timestamp.from(to));
    }

    private static Message message(java.sql.ResultSet rs) throws SQLException {
        return new Message(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), "commercial".equals(rs.getString(7)), instant(rs.getTimestamp(8)),
                instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    // --- reading ---------------------------------------------------------------------------------------------------

    /** A summed counter. {@code day} is null in totals over the period. */
    record Row(LocalDate day, String scenario, String element, String metric, long n) {
    }

    /** Totals over the period per scope and metric, for one scenario (all versions when version is null). */
    List<Row> totals(String scenario, Integer version, LocalDate from, LocalDate to) {
        return jdbc.query("SELECT element, metric, SUM(n) FROM figure_count WHERE scenario = ? AND on_day >= ?"
                        + " AND on_day <= ?" + (version == null ? "" : " AND version = " + version)
                        + " GROUP BY element, metric",
                (rs, i) -> new Row(null, scenario, rs.getString(1), rs.getString(2), rs.getLong(3)),
                scenario, from, to);
    }

    /**
     * Per day and metric, for the scenario itself (scope '') and its send steps: each step apart ({@code perStep}),
     * or summed over them (scope 'msg').
     */
    List<Row> daily(String scenario, Integer version, LocalDate from, LocalDate to, boolean perStep) {
        String scope = perStep ? "element" : "CASE WHEN element = '' THEN '' ELSE 'msg' END";
        return jdbc.query("SELECT on_day, " + scope + ", metric, SUM(n) FROM figure_count WHERE scenario = ?"
                        + " AND on_day >= ? AND on_day <= ?" + (version == null ? "" : " AND version = " + version)
                        + " AND (element = '' OR element LIKE 'msg:%') GROUP BY on_day, " + scope + ", metric",
                (rs, i) -> new Row(rs.getObject(1, LocalDate.class), scenario, rs.getString(2), rs.getString(3),
                        rs.getLong(4)), scenario, from, to);
    }

    /** Per day and scenario, the scenario-level counters of these scenarios. */
    List<Row> scenarioDaily(List<String> scenarios, LocalDate from, LocalDate to) {
        if (scenarios.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(scenarios);
        args.add(from);
        args.add(to);
        return jdbc.query("SELECT on_day, scenario, metric, SUM(n) FROM figure_count WHERE scenario IN ("
                        + String.join(", ", java.util.Collections.nCopies(scenarios.size(), "?"))
                        + ") AND element = '' AND on_day >= ? AND on_day <= ? GROUP BY on_day, scenario, metric",
                (rs, i) -> new Row(rs.getObject(1, LocalDate.class), rs.getString(2), "", rs.getString(3),
                        rs.getLong(4)), args.toArray());
    }

    /** What is there now per scenario and scope (element '' : running instances). */
    List<Row> gauges(List<String> scenarios, Integer version, boolean scenarioOnly) {
        if (scenarios.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT scenario, element, SUM(n) FROM figure_gauge WHERE scenario IN ("
                        + String.join(", ", java.util.Collections.nCopies(scenarios.size(), "?")) + ")"
                        + (version == null ? "" : " AND version = " + version)
                        + (scenarioOnly ? " AND element = ''" : "") + " GROUP BY scenario, element",
                (rs, i) -> new Row(null, rs.getString(1), rs.getString(2), "now", rs.getLong(3)),
                scenarios.toArray());
    }
}
