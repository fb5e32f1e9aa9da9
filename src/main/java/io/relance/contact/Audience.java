package io.relance.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The contacts a message to many (a broadcast) may go to: consent on the channel, an address for it, and the wanted
 * attributes with equal values (numbers compared by value). Read page by page in id order after a cursor, one SQL
 * query a page, so a large audience is walked without holding it and a walk can resume where it stopped.
 */
@Component
public class Audience {

    private static final Logger log = LoggerFactory.getLogger(Audience.class);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;

    Audience(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    /** A contact of the audience: what a message to it needs to be scheduled and ranked. */
    public record Member(String contactId, String timeZone, Map<String, Object> attributes) {
    }

    /**
     * One page of the walk.
     *
     * @param members the page's contacts that match, in id order
     * @param next    the cursor of the next page (the last contact id looked at); null when the walk is done
     */
    public record Page(List<Member> members, String next) {
    }

    /**
     * The contacts after {@code after} (null: from the start) among the next {@code size} with consent on
     * {@code channel} and an address for it, that have all of {@code attributes} (empty: every one).
     */
    public Page page(Channel channel, Map<String, Object> attributes, String after, int size) {
        String consentColumn = switch (channel) {
            case EMAIL -> "consent_email";
            case SMS -> "consent_sms";
            case PHONE -> "consent_phone";
        };
        String addressColumn = channel == Channel.EMAIL ? "email" : "phone";
        List<Member> scanned = jdbc.query("SELECT id, time_zone, attributes FROM contact WHERE "
                        + consentColumn + " = TRUE AND " + addressColumn + " IS NOT NULL"
                        + (after == null ? "" : " AND id > ?") + " ORDER BY id",
                ps -> {
                    if (after != null) {
                        ps.setString(1, after);
                    }
                    ps.setMaxRows(size);
                },
                (rs, n) -> new Member(rs.getString(1), rs.getString(2), attributes(rs.getString(1), rs.getString(3))));
        List<Member> members = new ArrayList<>(scanned.size());
        for (Member member : scanned) {
            if (matches(attributes, member.attributes())) {
                members.add(member);
            }
        }
        String next = scanned.size() < size ? null : scanned.get(scanned.size() - 1).contactId();
        return new Page(members, next);
    }

    /** The contact has every wanted attribute, numbers compared by value (1 = 1.0). */
    static boolean matches(Map<String, Object> wanted, Map<String, Object> attributes) {
        for (Map.Entry<String, Object> entry : wanted.entrySet()) {
            if (!Objects.equals(normalise(attributes.get(entry.getKey())), normalise(entry.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static Object normalise(Object value) {
        return value instanceof Number number ? (Object) number.doubleValue() : value;
    }

    /** A contact's stored attributes; unreadable ones count as none (the contact matches no attribute). */
    private Map<String, Object> attributes(String contactId, String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return objectMapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            log.warn("Stored attributes of contact {} are unreadable; it matches no attribute: {}", contactId,
                    e.getOriginalMessage());
            return Map.of();
        }
    }
}
