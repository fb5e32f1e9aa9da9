package io.relance.channel;

import io.relance.contact.ContactErasure;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The channel feature's part of an erasure: the contact's communication log is kept for the figures (status, channel,
 * message type, category, scenario, times) but made anonymous: the contact id becomes the erasure's anonymous id; the
 * address, subject, links, reason, provider reference and winner are removed; the idempotency key (a broadcast's names
 * the contact) becomes the anonymous id and the message's own random id.
 */
@Component
class CommunicationErasure {

    private final JdbcTemplate jdbc;

    CommunicationErasure(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactErasure erasure) {
        int rows = jdbc.update("UPDATE communication SET contact_id = ?, idempotency_key = CONCAT(?, CONCAT(':', id)),"
                + " recipient = NULL, subject = NULL, links = NULL, reason = NULL, provider_id = NULL,"
                + " winner_id = NULL WHERE contact_id = ?",
                erasure.anonymousId(), erasure.anonymousId(), erasure.contactId());
        erasure.report("communication", rows);
    }
}
