package io.relance.event;

import io.relance.contact.ContactErasure;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The event feature's part of an erasure: the contact's recorded events (their data is personal) are deleted. */
@Component
class EventErasure {

    private final JdbcTemplate jdbc;

    EventErasure(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactErasure erasure) {
        erasure.report("inbound_event", jdbc.update("DELETE FROM inbound_event WHERE contact_id = ?",
                erasure.contactId()));
    }
}
