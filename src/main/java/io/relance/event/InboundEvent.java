package io.relance.event;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The record of an event received from an integrating system. Its primary key, the sender's event id, is what makes
 * intake idempotent: the record is written in the same transaction as the correlation it caused.
 */
@Entity
@Table(name = "inbound_event")
public class InboundEvent implements Persistable<String> {

    @Id
    private String eventId;
    private String type;
    private String contactId;
    private Instant occurredAt;
    private Instant receivedAt;
    private String requestHash;
    private String data;
    private String startedInstances;
    private String reachedInstances;

    @Transient
    private boolean isNew;

    protected InboundEvent() {
    }

    InboundEvent(String eventId, String type, String contactId, Instant occurredAt, Instant receivedAt,
                 String requestHash, String data) {
        this.eventId = eventId;
        this.type = type;
        this.contactId = contactId;
        this.occurredAt = occurredAt;
        this.receivedAt = receivedAt;
        this.requestHash = requestHash;
        this.data = data;
        this.isNew = true;
    }

    /** A record read back from the table (see {@link InboundEvents}). */
    static InboundEvent recorded(String eventId, String type, String contactId, Instant occurredAt, Instant receivedAt,
                                 String requestHash, String data, String startedInstances, String reachedInstances) {
        InboundEvent event = new InboundEvent(eventId, type, contactId, occurredAt, receivedAt, requestHash, data);
        event.startedInstances = startedInstances;
        event.reachedInstances = reachedInstances;
        event.isNew = false;
        return event;
    }

    void recordOutcome(List<String> started, List<String> reached) {
        this.startedInstances = String.join(",", started);
        this.reachedInstances = String.join(",", reached);
    }

    @Override
    public String getId() {
        return eventId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    public String getType() {
        return type;
    }

    public String getContactId() {
        return contactId;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }

    public String getRequestHash() {
        return requestHash;
    }

    public String getData() {
        return data;
    }

    public List<String> getStartedInstances() {
        return split(startedInstances);
    }

    public List<String> getReachedInstances() {
        return split(reachedInstances);
    }

    /** The started instances as stored: ids joined by commas (see {@link InboundEvents}). */
    String startedColumn() {
        return startedInstances;
    }

    /** The reached instances as stored: ids joined by commas. */
    String reachedColumn() {
        return reachedInstances;
    }

    private static List<String> split(String ids) {
        return ids == null || ids.isEmpty() ? List.of() : Arrays.asList(ids.split(","));
    }
}
