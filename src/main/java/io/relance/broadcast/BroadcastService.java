package io.relance.broadcast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.channel.Category;
import io.relance.channel.MessageChannel;
import io.relance.channel.SendRequest;
import io.relance.pressure.BroadcastRequests;
import io.relance.pressure.MessageRules;
import io.relance.pressure.PendingMessage;
import io.relance.pressure.PendingMessages;
import io.relance.pressure.SendSlots;
import io.relance.refusal.FieldProblem;
import io.relance.refusal.InvalidFieldsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broadcasts (newsletter, promotions) to a segment. A broadcast is one row and one short scenario instance; each
 * recipient gets a pending message that goes through the same arbitration as scenario messages — no process
 * instance per recipient. Recipients are registered in chunks, each in its own transaction, resumable after a crash.
 */
@Service
public class BroadcastService implements BroadcastRequests {

    public static final String SCENARIO = "broadcast";
    private static final Logger log = LoggerFactory.getLogger(BroadcastService.class);
    private static final int CHUNK = 1000;

    private final JdbcTemplate jdbc;
    private final PendingMessages pending;
    private final MessageRules rules;
    private final SendSlots slots;
    private final ObjectMapper objectMapper;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<String, Map<String, Object>> variablesCache = new ConcurrentHashMap<>();

    BroadcastService(JdbcTemplate jdbc, PendingMessages pending, MessageRules rules, SendSlots slots,
                     ObjectMapper objectMapper, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.pending = pending;
        this.rules = rules;
        this.slots = slots;
        this.objectMapper = objectMapper;
        // Each chunk commits on its own, also when called from a scenario's job.
        this.tx = new TransactionTemplate(transactionManager);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Checks and records a broadcast (recipients are registered by {@link #registerRecipients}). */
    public Broadcast create(String id, BroadcastRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        MessageChannel channel = request.channel() == null ? MessageChannel.EMAIL
                : MessageChannel.valueOf(request.channel().toUpperCase(Locale.ROOT));
        if (!templateExists(channel, request.messageType())) {
            problems.add(new FieldProblem("messageType", "no " + channel.key() + " template for '"
                    + request.messageType() + "' (templates/" + channel.key() + "/" + request.messageType() + "_*)"));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        LocalDate today = LocalDate.ofInstant(now, ZoneId.of("UTC"));
        if (request.sendOn() != null && request.sendOn().isBefore(today.minusDays(1))) {
            problems.add(new FieldProblem("sendOn", "is in the past"));
        }
        checkPlain("segment", request.segment(), problems);
        checkPlain("variables", request.variables(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(problems);
        }
        if (rules.rank(request.messageType(), channel, null).category() == Category.TRANSACTIONAL) {
            throw new InvalidFieldsException("messageType", "'" + request.messageType()
                    + "' is transactional (dmn/message-priority.dmn): a broadcast is commercial");
        }
        LocalDate sendOn = request.sendOn() == null ? today : request.sendOn();
        tx.executeWithoutResult(status -> jdbc.update("INSERT INTO broadcast (id, name, message_type, channel, segment, variables, send_on, status,"
                + " recipients, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", ps -> {
                    ps.setString(1, id);
                    ps.setString(2, request.name());
                    ps.setString(3, request.messageType());
                    ps.setString(4, channel.name());
                    ps.setString(5, json(request.segment()));
                    ps.setString(6, json(request.variables()));
                    ps.setObject(7, sendOn);
                    ps.setString(8, Broadcast.REGISTERING);
                    ps.setTimestamp(9, Timestamp.from(now), utc());
                    ps.setTimestamp(10, Timestamp.from(now), utc());
                }));
        return find(id).orElseThrow();
    }

    /**
     * Registers a pending message for each contact of the segment with consent on the channel and an address,
     * chunk by chunk (resumes after the last registered contact). Returns the number of recipients.
     */
    public int registerRecipients(String id) {
        Row broadcast = row(id).orElseThrow(() -> new IllegalArgumentException("No broadcast " + id));
        if (Broadcast.REGISTERED.equals(broadcast.status())) {
            return broadcast.recipients();
        }
        MessageChannel channel = MessageChannel.valueOf(broadcast.channel());
        Map<String, Object> segment = map(broadcast.segment());
        String consentColumn = channel == MessageChannel.SMS ? "consent_sms" : "consent_email";
        String addressColumn = channel == MessageChannel.SMS ? "phone" : "email";
        String after = jdbc.queryForObject("SELECT MAX(contact_id) FROM pending_message WHERE broadcast_id = ?",
                String.class, id);
        Map<String, MessageRules.Rank> ranks = new HashMap<>();
        int total = broadcast.recipients();
        long started = System.nanoTime();
        while (true) {
            String from = after;
            List<Candidate> page = jdbc.query("SELECT id, time_zone, attributes FROM contact WHERE "
                            + consentColumn + " = TRUE AND " + addressColumn + " IS NOT NULL"
                            + (from == null ? "" : " AND id > ?") + " ORDER BY id",
                    ps -> {
                        if (from != null) {
                            ps.setString(1, from);
                        }
                        ps.setMaxRows(CHUNK);
                    },
                    (rs, n) -> new Candidate(rs.getString(1), rs.getString(2), rs.getString(3)));
            if (page.isEmpty()) {
                break;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<PendingMessage> messages = new ArrayList<>(page.size());
            for (Candidate candidate : page) {
                Map<String, Object> attributes = map(candidate.attributes());
                if (!matches(segment, attributes)) {
                    continue;
                }
                ZoneId zone = zone(candidate.timeZone());
                Instant start = broadcast.sendOn().atStartOfDay(zone).toInstant();
                String valueTier = rules.valueTier(attributes);
                MessageRules.Rank rank = ranks.computeIfAbsent(String.valueOf(valueTier),
                        tier -> rules.rank(broadcast.messageType(), channel, valueTier));
                int priority = rank.priority();
                Instant decideAt = slots.decideAt(channel, now.isAfter(start) ? now : start, zone,
                        rank.waitsForSlot());
                messages.add(new PendingMessage(UUID.randomUUID().toString(), "broadcast:" + id + ":"
                        + candidate.id(), candidate.id(), channel, broadcast.messageType(), priority, SCENARIO,
                        null, null, null, id, decideAt, decideAt, slots.windowEnd(decideAt, zone),
                        PendingMessage.Status.PENDING, null, null, now));
            }
            int registered = messages.size();
            tx.executeWithoutResult(status -> {
                pending.insertAll(messages);
                jdbc.update("UPDATE broadcast SET recipients = recipients + ?, updated_at = ? WHERE id = ?",
                        ps -> {
                            ps.setInt(1, registered);
                            ps.setTimestamp(2, Timestamp.from(now), utc());
                            ps.setString(3, id);
                        });
            });
            total += registered;
            after = page.get(page.size() - 1).id();
            if (page.size() < CHUNK) {
                break;
            }
        }
        jdbc.update("UPDATE broadcast SET status = ? WHERE id = ?", Broadcast.REGISTERED, id);
        log.info("Broadcast {} ('{}'): {} recipients registered in {} ms", id, broadcast.name(), total,
                (System.nanoTime() - started) / 1_000_000);
        return total;
    }

    public Optional<Broadcast> find(String id) {
        return row(id).map(row -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Object[] count : pending.countsOfBroadcast(id)) {
                counts.put(((String) count[0]).toLowerCase(Locale.ROOT), (Long) count[1]);
            }
            return new Broadcast(row.id(), row.name(), row.messageType(), row.channel().toLowerCase(Locale.ROOT),
                    map(row.segment()), row.sendOn(), row.status(), row.recipients(), counts, row.createdAt(),
                    row.updatedAt());
        });
    }

    @Override
    public SendRequest request(PendingMessage message) {
        Map<String, Object> variables = variablesCache.computeIfAbsent(message.broadcastId(), id -> {
            Row row = row(id).orElseThrow(() -> new IllegalStateException("No broadcast " + id));
            Map<String, Object> values = new HashMap<>(map(row.variables()));
            values.put("broadcastName", row.name());
            return Map.copyOf(values);
        });
        return new SendRequest(message.contactId(), SCENARIO, null, null, message.idempotencyKey(),
                message.channel(), message.messageType(), Category.COMMERCIAL, variables);
    }

    private record Candidate(String id, String timeZone, String attributes) {
    }

    private record Row(String id, String name, String messageType, String channel, String segment,
                       String variables, LocalDate sendOn, String status, int recipients, Instant createdAt,
                       Instant updatedAt) {
    }

    private Optional<Row> row(String id) {
        return jdbc.query("SELECT id, name, message_type, channel, segment, variables, send_on, status, recipients,"
                        + " created_at, updated_at FROM broadcast WHERE id = ?",
                (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8),
                        rs.getInt(9), rs.getTimestamp(10, utc()).toInstant(), rs.getTimestamp(11, utc()).toInstant()),
                id).stream().findFirst();
    }

    private static boolean matches(Map<String, Object> segment, Map<String, Object> attributes) {
        for (Map.Entry<String, Object> wanted : segment.entrySet()) {
            Object actual = attributes.get(wanted.getKey());
            if (!Objects.equals(normalise(actual), normalise(wanted.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static Object normalise(Object value) {
        return value instanceof Number number ? (Object) number.doubleValue() : value;
    }

    private ZoneId zone(String timeZone) {
        return slots.zone(timeZone);
    }

    private static void checkPlain(String field, Map<String, Object> values, List<FieldProblem> problems) {
        if (values == null) {
            return;
        }
        values.forEach((key, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                problems.add(new FieldProblem(field + "." + key, "must be a string, a number or a boolean"));
            }
        });
    }

    private static boolean templateExists(MessageChannel channel, String messageType) {
        String pattern = channel == MessageChannel.SMS ? "templates/sms/%s_*.txt" : "templates/email/%s_*.html";
        try {
            return new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:" + pattern.formatted(messageType)).length > 0;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot look for templates", e);
        }
    }

    private String json(Map<String, Object> values) {
        try {
            return values == null || values.isEmpty() ? null : objectMapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> map(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return objectMapper.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
}
