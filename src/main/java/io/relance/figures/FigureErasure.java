package io.relance.figures;

import io.relance.contact.ContactErasure;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The figures' part of an erasure: the contact's sent messages keep counting (opens, clicks, attribution of later
 * conversions cannot happen any more) under the erasure's anonymous id; the counters hold no contact.
 */
@Component
class FigureErasure {

    private final JdbcTemplate jdbc;

    FigureErasure(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactErasure erasure) {
        erasure.report("figure_message", jdbc.update("UPDATE figure_message SET contact_id = ? WHERE contact_id = ?",
                erasure.anonymousId(), erasure.contactId()));
    }
}
