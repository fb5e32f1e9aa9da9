package io.relance.contact;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Published by {@link ContactService#erase} inside the erasure's transaction, before the contact's row is deleted:
 * every feature that holds rows about the contact listens ({@code @EventListener}, same transaction) and erases its
 * own tables — deletes them, or replaces the contact id by {@link #anonymousId()} where aggregates must keep their
 * count — then {@link #report reports} how many rows it touched (the erasure record keeps those counts).
 * <p>
 * The anonymous id is random per erasure ({@code erased-<uuid>}), never derived from the contact id.
 */
public final class ContactErasure {

    private final String contactId;
    private final String anonymousId;
    private final Instant erasedAt;
    private final Map<String, Integer> counts = new TreeMap<>();

    public ContactErasure(String contactId, String anonymousId, Instant erasedAt) {
        this.contactId = contactId;
        this.anonymousId = anonymousId;
        this.erasedAt = erasedAt;
    }

    public String contactId() {
        return contactId;
    }

    public String anonymousId() {
        return anonymousId;
    }

    public Instant erasedAt() {
        return erasedAt;
    }

    /** A listener says how many rows of one of its tables it deleted or anonymised ({@code what}: the table). */
    public synchronized void report(String what, int rows) {
        counts.merge(what, rows, Integer::sum);
    }

    /** What the listeners reported, by table. */
    public synchronized Map<String, Integer> counts() {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }
}
