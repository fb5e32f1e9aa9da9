package io.relance.experiment;

import io.relance.contact.ContactErasure;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The experiments' part of an erasure: the contact's assignment, instances, messages and conversions keep counting
 * for their arm (the results stay the same) under the erasure's anonymous id. A conversion's event id (chosen by the
 * shop, it may carry personal data such as an order number) becomes the anonymous id and a sequence number.
 */
@Component
class ExperimentErasure {

    private final JdbcTemplate jdbc;

    ExperimentErasure(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ContactErasure erasure) {
        String contactId = erasure.contactId();
        String anonymousId = erasure.anonymousId();
        erasure.report("experiment_assignment", jdbc.update(
                "UPDATE experiment_assignment SET contact_id = ? WHERE contact_id = ?", anonymousId, contactId));
        erasure.report("experiment_instance", jdbc.update(
                "UPDATE experiment_instance SET contact_id = ? WHERE contact_id = ?", anonymousId, contactId));
        erasure.report("experiment_message", jdbc.update(
                "UPDATE experiment_message SET contact_id = ? WHERE contact_id = ?", anonymousId, contactId));
        List<String> eventIds = jdbc.queryForList("SELECT DISTINCT event_id FROM experiment_conversion"
                + " WHERE contact_id = ? ORDER BY event_id", String.class, contactId);
        int conversions = 0;
        for (int i = 0; i < eventIds.size(); i++) {
            conversions += jdbc.update("UPDATE experiment_conversion SET event_id = ?, contact_id = ?"
                    + " WHERE event_id = ? AND contact_id = ?", anonymousId + ":" + (i + 1), anonymousId,
                    eventIds.get(i), contactId);
        }
        erasure.report("experiment_conversion", conversions);
    }
}
