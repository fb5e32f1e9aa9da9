package io.relance.engagement;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A contact's last computed engagement segment (table {@code contact_engagement}). */
@Entity
@Table(name = "contact_engagement")
class ContactEngagement {

    @Id
    private String contactId;
    private String segment;
    private Instant computedAt;

    protected ContactEngagement() {
    }

    ContactEngagement(String contactId, String segment, Instant computedAt) {
        this.contactId = contactId;
        this.segment = segment;
        this.computedAt = computedAt;
    }

    void update(String segment, Instant computedAt) {
        this.segment = segment;
        this.computedAt = computedAt;
    }

    String getContactId() {
        return contactId;
    }

    String getSegment() {
        return segment;
    }

    Instant getComputedAt() {
        return computedAt;
    }
}
