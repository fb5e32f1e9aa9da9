package io.relance.experiment;

import io.relance.config.Utc;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment tables (instants in UTC): {@code experiment_assignment} (one row per experiment and contact, written
 * once), {@code experiment_instance} (scenario instances that passed a split test), {@code experiment_message}
 * (messages of an arm, opened, clicked) and {@code experiment_conversion} (goal events in the window).
 */
@Repository
class ExperimentTables {

    /** A recorded assignment. */
    record Assignment(String experiment, String contactId, String arm, String scenario, String processInstanceId,
                      Instant assignedAt) {
    }

    /** Counts of one arm. */
    record ArmCounts(long contacts, long unsubscribed, long sent, long opened, long clicked, long conversions,
                     BigDecimal revenue) {
        static final ArmCounts NONE = new ArmCounts(0, 0, 0, 0, 0, 0, BigDecimal.ZERO);
    }

    /** Ids per {@code IN} list: one query per so many. */
    private static final int IN_LIST = 500;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    ExperimentTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    private static Assignment assignment(ResultSet rs, int n) throws SQLException {
        return new Assignment(rs.getString("experiment"), rs.getString("contact_id"), rs.getString("arm"),
                rs.getString("scenario"), rs.getString("process_instance_id"), Utc.instant(rs, "assigned_at"));
    }

    private static final String ASSIGNMENT_COLUMNS =
            "experiment, contact_id, arm, scenario, process_instance_id, assigned_at";

    Assignment assignment(String experiment, String contactId) {
        List<Assignment> found = jdbc.query("SELECT " + ASSIGNMENT_COLUMNS
                + " FROM experiment_assignment WHERE experiment = ? AND contact_id = ?",
                ExperimentTables::assignment, experiment, contactId);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The recorded arms of these contacts in one experiment, in one query. */
    Map<String, String> arms(String experiment, List<String> contactIds) {
        Map<String, String> arms = new HashMap<>();
        if (contactIds.isEmpty()) {
            return arms;
        }
        named.query("SELECT contact_id, arm FROM experiment_assignment WHERE experiment = :experiment"
                        + " AND contact_id IN (:contacts)",
                new MapSqlParameterSource("experiment", experiment).addValue("contacts", contactIds),
                rs -> {
                    arms.put(rs.getString("contact_id"), rs.getString("arm"));
                });
        return arms;
    }

    List<Assignment> assignmentsOf(String contactId) {
        return jdbc.query("SELECT " + ASSIGNMENT_COLUMNS + " FROM experiment_assignment WHERE contact_id = ?"
                + " ORDER BY assigned_at", ExperimentTables::assignment, contactId);
    }

    /** Records an assignment; false when the contact already had one (a concurrent first assignment). */
    boolean insert(Assignment a) {
        try {
            insertAll(List.of(a));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    void insertAll(List<Assignment> assignments) {
        Calendar utc = Utc.calendar();
        jdbc.batchUpdate("INSERT INTO experiment_assignment (" + ASSIGNMENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                assignments, 500, (ps, a) -> {
                    ps.setString(1, a.experiment());
                    ps.setString(2, a.contactId());
                    ps.setString(3, a.arm());
                    ps.setString(4, a.scenario());
                    ps.setString(5, a.processInstanceId());
                    ps.setTimestamp(6, Timestamp.from(a.assignedAt()), utc);
                });
    }

    void insertInstance(String processInstanceId, String experiment, String arm, String contactId) {
        try {
            jdbc.update("INSERT INTO experiment_instance (process_instance_id, experiment, arm, contact_id)"
                    + " VALUES (?, ?, ?, ?)", processInstanceId, experiment, arm, contactId);
        } catch (DuplicateKeyException e) {
            // The instance passed the split test before (a loop): it keeps its arm.
        }
    }

    /** An experiment and the arm of an instance or a contact in it. */
    record Arm(String experiment, String arm) {
    }

    /** The experiments and arms these scenario instances belong to, by instance, in one query per 500 instances. */
    Map<String, List<Arm>> armsOfInstances(Collection<String> processInstanceIds) {
        return armsBy("process_instance_id", "SELECT process_instance_id, experiment, arm FROM experiment_instance"
                + " WHERE process_instance_id IN (:ids)", processInstanceIds, new MapSqlParameterSource());
    }

    /** These contacts' arms in these experiments, by contact, in one query per 500 contacts. */
    Map<String, List<Arm>> armsOfContacts(Collection<String> contactIds, List<String> experiments) {
        return armsBy("contact_id", "SELECT contact_id, experiment, arm FROM experiment_assignment"
                        + " WHERE contact_id IN (:ids) AND experiment IN (:experiments)", contactIds,
                new MapSqlParameterSource("experiments", experiments));
    }

    private Map<String, List<Arm>> armsBy(String key, String sql, Collection<String> ids,
                                          MapSqlParameterSource parameters) {
        Map<String, List<Arm>> arms = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += IN_LIST) {
            named.query(sql, parameters.addValue("ids", all.subList(from, Math.min(all.size(), from + IN_LIST))),
                    rs -> {
                        arms.computeIfAbsent(rs.getString(key), k -> new ArrayList<>())
                                .add(new Arm(rs.getString("experiment"), rs.getString("arm")));
                    });
        }
        return arms;
    }

    void recordMessage(String communicationId, String experiment, String arm, String contactId, String status,
                       Instant at) {
        int updated = jdbc.update("UPDATE experiment_message SET status = ? WHERE communication_id = ?"
                + " AND experiment = ?", status, communicationId, experiment);
        if (updated == 0) {
            jdbc.update("INSERT INTO experiment_message (communication_id, experiment, arm, contact_id, status,"
                    + " recorded_at) VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, communicationId);
                        ps.setString(2, experiment);
                        ps.setString(3, arm);
                        ps.setString(4, contactId);
                        ps.setString(5, status);
                        ps.setTimestamp(6, Timestamp.from(at), Utc.calendar());
                    });
        }
    }

    void markOpened(String communicationId) {
        jdbc.update("UPDATE experiment_message SET opened = TRUE WHERE communication_id = ? AND opened = FALSE",
                communicationId);
    }

    /** A click proves the message was opened too (images blocked: no open pixel). */
    void markClicked(String communicationId) {
        jdbc.update("UPDATE experiment_message SET opened = TRUE, clicked = TRUE WHERE communication_id = ?"
                + " AND clicked = FALSE", communicationId);
    }

    void markUnsubscribed(String contactId, Instant at) {
        jdbc.update("UPDATE experiment_assignment SET unsubscribed_at = ? WHERE contact_id = ?"
                + " AND unsubscribed_at IS NULL", ps -> {
                    ps.setTimestamp(1, Timestamp.from(at), Utc.calendar());
                    ps.setString(2, contactId);
                });
    }

    void recordConversion(String eventId, Assignment a, BigDecimal amount, String currency, Instant at) {
        try {
            jdbc.update("INSERT INTO experiment_conversion (event_id, experiment, arm, contact_id, amount, currency,"
                    + " occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, eventId);
                        ps.setString(2, a.experiment());
                        ps.setString(3, a.arm());
                        ps.setString(4, a.contactId());
                        ps.setBigDecimal(5, amount);
                        ps.setString(6, currency);
                        ps.setTimestamp(7, Timestamp.from(at), Utc.calendar());
                    });
        } catch (DuplicateKeyException e) {
            // Counted once per event.
        }
    }

    /** Counts per arm of one experiment: a few grouped queries on its own rows. */
    Map<String, ArmCounts> counts(String experiment) {
        Map<String, long[]> numbers = new HashMap<>();
        Map<String, BigDecimal> revenue = new HashMap<>();
        jdbc.query("SELECT arm, COUNT(*) AS contacts, COUNT(unsubscribed_at) AS unsubscribed"
                + " FROM experiment_assignment WHERE experiment = ? GROUP BY arm", rs -> {
                    long[] n = numbers.computeIfAbsent(rs.getString("arm"), a -> new long[6]);
                    n[0] = rs.getLong("contacts");
                    n[1] = rs.getLong("unsubscribed");
                }, experiment);
        jdbc.query("SELECT arm, COUNT(*) AS sent, SUM(CASE WHEN opened THEN 1 ELSE 0 END) AS opened,"
                + " SUM(CASE WHEN clicked THEN 1 ELSE 0 END) AS clicked FROM experiment_message"
                + " WHERE experiment = ? AND status = 'SENT' GROUP BY arm", rs -> {
                    long[] n = numbers.computeIfAbsent(rs.getString("arm"), a -> new long[6]);
                    n[2] = rs.getLong("sent");
                    n[3] = rs.getLong("opened");
                    n[4] = rs.getLong("clicked");
                }, experiment);
        jdbc.query("SELECT arm, COUNT(DISTINCT contact_id) AS conversions, SUM(amount) AS revenue"
                + " FROM experiment_conversion WHERE experiment = ? GROUP BY arm", rs -> {
                    long[] n = numbers.computeIfAbsent(rs.getString("arm"), a -> new long[6]);
                    n[5] = rs.getLong("conversions");
                    BigDecimal sum = rs.getBigDecimal("revenue");
                    revenue.put(rs.getString("arm"), sum == null ? BigDecimal.ZERO : sum);
                }, experiment);
        Map<String, ArmCounts> counts = new HashMap<>();
        numbers.forEach((arm, n) -> counts.put(arm, new ArmCounts(n[0], n[1], n[2], n[3], n[4], n[5],
                revenue.getOrDefault(arm, BigDecimal.ZERO))));
        return counts;
    }
}
