package io.relance.tracking;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Secrets generated once, at first use, and kept in the database ({@code relance_secret}) for every application
 * node: the tracking tokens' signing key ({@code tracking}), the erasure record's salt ({@code erasure}), ...
 */
@Component
public class StoredSecrets {

    private final JdbcTemplate jdbc;

    StoredSecrets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The secret of this name (64 hex digits, 256 random bits), created if there is none yet. */
    public String get(String name) {
        List<String> existing = jdbc.queryForList("SELECT secret FROM relance_secret WHERE name = ?", String.class,
                name);
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            jdbc.update("INSERT INTO relance_secret (name, secret) VALUES (?, ?)", name,
                    HexFormat.of().formatHex(random));
        } catch (DataIntegrityViolationException e) {
            // Another node created it first.
        }
        return jdbc.queryForObject("SELECT secret FROM relance_secret WHERE name = ?", String.class, name);
    }
}
