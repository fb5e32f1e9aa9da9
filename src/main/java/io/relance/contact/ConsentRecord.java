package io.relance.contact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One answer of the consent history: written once, never updated (no setter); only the contact's erasure deletes it.
 */
@Entity
@Table(name = "consent_record")
class ConsentRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String contactId;
    /** The channel's key, as the API names it: {@code email}, {@code sms}, {@code phone}. */
    private String channel;
    private boolean granted;
    @Column(name = "at")
    private Instant givenAt;
    private Instant recordedAt;
    private String source;
    /** The proof as a JSON object of plain values; null when none was given. */
    private String proof;
    private String recordedBy;

    protected ConsentRecord() {
    }

    ConsentRecord(String contactId, Channel channel, boolean granted, Instant givenAt, Instant recordedAt,
                  String source, String proof, String recordedBy) {
        this.contactId = contactId;
        this.channel = channel.key();
        this.granted = granted;
        this.givenAt = givenAt;
        this.recordedAt = recordedAt;
        this.source = source;
        this.proof = proof;
        this.recordedBy = recordedBy;
    }

    Long getId() {
        return id;
    }

    String getContactId() {
        return contactId;
    }

    String getChannel() {
        return channel;
    }

    boolean isGranted() {
        return granted;
    }

    Instant getGivenAt() {
        return givenAt;
    }

    Instant getRecordedAt() {
        return recordedAt;
    }

    String getSource() {
        return source;
    }

    String getProof() {
        return proof;
    }

    String getRecordedBy() {
        return recordedBy;
    }
}
