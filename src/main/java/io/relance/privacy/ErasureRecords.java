package io.relance.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.config.Utc;
import io.relance.contact.ErasedContacts;
import io.relance.tracking.StoredSecrets;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The erasure record ({@code erasure_record}): when, by whom, why and how much — and the contact id only as a
 * salted SHA-256 hash, so that a later event or call for that id can be told "erased on ..." while the record itself
 * names nobody. The salt is a secret generated once and kept with the other secrets ({@code relance_secret},
 * name {@code erasure}): without it the hash of a guessed id cannot be computed.
 */
@Repository
class ErasureRecords implements ErasedContacts {

    static final String SALT_NAME = "erasure";

    /** One erasure, as recorded. */
    record Row(String id, Instant erasedAt, String erasedBy, String cause, int instancesCancelled,
               int historiesDeleted, Map<String, Integer> counts) {
    }

    private final JdbcTemplate jdbc;
    private final StoredSecrets secrets;
    private final ObjectMapper objectMapper;
    private volatile byte[] salt;

    ErasureRecords(JdbcTemplate jdbc, StoredSecrets secrets, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.objectMapper = objectMapper;
    }

    void insert(String contactId, Row row) {
        String counts;
        try {
            counts = objectMapper.writeValueAsString(row.counts());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.update("INSERT INTO erasure_record (id, contact_hash, erased_at, erased_by, cause, instances_cancelled,"
                + " histories_deleted, counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, row.id());
                    ps.setString(2, hash(contactId));
                    ps.setTimestamp(3, Timestamp.from(row.erasedAt()), Utc.calendar());
                    ps.setString(4, row.erasedBy());
                    ps.setString(5, row.cause());
                    ps.setInt(6, row.instancesCancelled());
                    ps.setInt(7, row.historiesDeleted());
                    ps.setString(8, counts);
                });
    }

    @Override
    public Optional<Instant> erasedAt(String contactId) {
        return jdbc.query("SELECT erased_at FROM erasure_record WHERE contact_hash = ? ORDER BY erased_at DESC",
                (rs, n) -> Utc.instant(rs, 1), hash(contactId)).stream().findFirst();
    }

    /** How many erasures were recorded (all causes). */
    long count() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM erasure_record", Long.class);
        return n == null ? 0 : n;
    }

    /** The salted SHA-256 hash of a contact id (hex), as the record keeps it. */
    String hash(String contactId) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt());
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(contactId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] salt() {
        byte[] known = salt;
        if (known == null) {
            known = secrets.get(SALT_NAME).getBytes(StandardCharsets.UTF_8);
            salt = known;
        }
        return known;
    }
}
