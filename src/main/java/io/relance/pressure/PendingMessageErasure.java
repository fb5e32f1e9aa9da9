package io.relance.pressure;

import io.relance.contact.ContactErasure;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The pressure feature's part of an erasure: the contact's messages waiting for arbitration are dropped. */
@Component
class PendingMessageErasure {

    private final JdbcTemplate jdbc;

    PendingMessageErasure(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactErasure erasure) {
        erasure.report("pending_message", jdbc.update("DELETE FROM pending_message WHERE contact_id = ?",
                erasure.contactId()));
    }
}
