package io.relance.contact;

import java.time.Instant;

/**
 * A contact's consent on one channel: given or withdrawn, when, and where the answer came from
 * ({@link ConsentSource}; null for an answer recorded before Relance kept sources).
 */
public record Consent(boolean granted, Instant at, String source) {

    public Consent(boolean granted, Instant at) {
        this(granted, at, null);
    }
}
