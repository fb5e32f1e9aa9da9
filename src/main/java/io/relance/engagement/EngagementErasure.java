package io.relance.engagement;

import io.relance.contact.ContactErasure;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The engagement feature's part of an erasure: the contact's last computed segment is deleted. */
@Component
class EngagementErasure {

    private final JdbcTemplate jdbc;

    EngagementErasure(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactErasure erasure) {
        erasure.report("contact_engagement", jdbc.update("DELETE FROM contact_engagement WHERE contact_id = ?",
                erasure.contactId()));
    }
}
