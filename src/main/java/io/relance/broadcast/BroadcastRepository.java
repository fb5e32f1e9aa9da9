package io.relance.broadcast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.channel.MessageChannel;
import io.relance.config.Utc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code broadcast} table (instants stored in UTC); {@code segment} and {@code variables} are JSON objects. */
@Repository
class BroadcastRepository {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;

    BroadcastRepository(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    /** A broadcast's row; its JSON columns as stored, read with {@link #segment} and {@link #variables}. */
    record Row(String id, String name, String messageType, MessageChannel channel, String segmentJson,
               String variablesJson, LocalDate sendOn, String status, int recipients, Instant createdAt,
               Instant updatedAt) {
    }

    void insert(String id, String name, String messageType, MessageChannel channel, Map<String, Object> segment,
                Map<String, Object> variables, LocalDate sendOn, Instant now) {
        jdbc.update("INSERT INTO broadcast (id, name, message_type, channel, segment, variables, send_on, status,"
                + " recipients, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", ps -> {
                    ps.setString(1, id);
                    ps.setString(2, name);
                    ps.setString(3, messageType);
                    ps.setString(4, channel.name());
                    ps.setString(5, json(segment));
                    ps.setString(6, json(variables));
                    ps.setObject(7, sendOn);
                    ps.setString(8, Broadcast.REGISTERING);
                    ps.setTimestamp(9, Timestamp.from(now), Utc.calendar());
                    ps.setTimestamp(10, Timestamp.from(now), Utc.calendar());
                });
    }

    Optional<Row> find(String id) {
        return jdbc.query("SELECT id, name, message_type, channel, segment, variables, send_on, status, recipients,"
                        + " created_at, updated_at FROM broadcast WHERE id = ?",
                (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                        MessageChannel.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                        rs.getObject(7, LocalDate.class), rs.getString(8), rs.getInt(9),
                        Utc.instant(rs, 10), Utc.instant(rs, 11)),
                id).stream().findFirst();
    }

    /**
     * The broadcast's registration so far, its row locked until the transaction ends (null: no such broadcast).
     */
    Progress lock(String id) {
        return jdbc.query("SELECT status, recipients, last_contact FROM broadcast WHERE id = ? FOR UPDATE",
                (rs, n) -> new Progress(rs.getString(1), rs.getInt(2), rs.getString(3)), id).stream().findFirst()
                .orElse(null);
    }

    /**
     * @param lastContact the last contact registered (null: none yet, or registered before it was kept here)
     */
    record Progress(String status, int recipients, String lastContact) {
    }

    /** Adds a registered chunk: its size, and its last contact (where the registration goes on). */
    void addRecipients(String id, int registered, String lastContact, Instant now) {
        jdbc.update("UPDATE broadcast SET recipients = recipients + ?, last_contact = ?, updated_at = ? WHERE id = ?",
                ps -> {
                    ps.setInt(1, registered);
                    ps.setString(2, lastContact);
                    ps.setTimestamp(3, Timestamp.from(now), Utc.calendar());
                    ps.setString(4, id);
                });
    }

    void markRegistered(String id) {
        jdbc.update("UPDATE broadcast SET status = ? WHERE id = ?", Broadcast.REGISTERED, id);
    }

    /** The contact attributes a recipient must have (empty: every contact); unreadable JSON is an error. */
    Map<String, Object> segment(Row row) {
        return map(row.id(), "segment", row.segmentJson());
    }

    /** The template values of the broadcast's messages; unreadable JSON is an error. */
    Map<String, Object> variables(Row row) {
        return map(row.id(), "variables", row.variablesJson());
    }

    private Map<String, Object> map(String id, String column, String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        Map<String, Object> values;
        try {
            values = objectMapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new UnreadableBroadcastException(id, column, e.getOriginalMessage(), e);
        }
        if (values == null) {
            throw new UnreadableBroadcastException(id, column, "not a JSON object", null);
        }
        return values;
    }

    private String json(Map<String, Object> values) {
        try {
            return values == null || values.isEmpty() ? null : objectMapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
