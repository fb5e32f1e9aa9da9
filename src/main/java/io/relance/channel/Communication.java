package io.relance.channel;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

import java.time.Instant;
import java.util.UUID;

/** One message Relance sent, held back or failed to send: the communication log behind each contact's timeline. */
@Entity
@Table(name = "communication")
public class Communication implements CommunicationView, Persistable<String> {

    @Id
    private String id;
    private String idempotencyKey;
    private String contactId;
    private String scenario;
    private String processInstanceId;
    private String activityId;
    @Enumerated(EnumType.STRING)
    private MessageChannel channel;
    private String messageType;
    @Enumerated(EnumType.STRING)
    private Category category;
    @Enumerated(EnumType.STRING)
    private SendStatus status;
    private String reason;
    /** The message that won the arbitration this one lost (a pending message id, later its communication id). */
    private String winnerId;
    private String providerId;
    private String recipient;
    private String subject;
    /** The links of the message, as a JSON array: the only targets the click redirect accepts. */
    private String links;
    private Instant createdAt;
    private Instant updatedAt;
    private boolean testSend;
    /**
     * Created here, not yet stored: saved with an insert at once (its id is assigned, so without this Spring Data
     * would first look it up to decide between insert and update).
     */
    @Transient
    private boolean notStored;

    protected Communication() {
    }

    /** A test send: its outcome, its recipient and subject, at once (nothing else counts it). */
    static Communication testSend(SendRequest request, SendStatus status, String reason, String recipient,
                                  String subject, Instant now) {
        Communication communication = new Communication(request, status, reason, now);
        communication.testSend = true;
        communication.recipient = truncate(recipient, 254);
        communication.subject = truncate(subject, 500);
        return communication;
    }

    Communication(SendRequest request, SendStatus status, String reason, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.idempotencyKey = request.idempotencyKey();
        this.contactId = request.contactId();
        this.scenario = request.scenario();
        this.processInstanceId = request.processInstanceId();
        this.activityId = request.activityId();
        this.channel = request.channel();
        this.messageType = request.messageType();
        this.category = request.category();
        this.status = status;
        this.reason = truncate(reason, 1000);
        this.createdAt = now;
        this.updatedAt = now;
        this.notStored = true;
    }

    @Override
    public boolean isNew() {
        return notStored;
    }

    @PostPersist
    @PostLoad
    void stored() {
        notStored = false;
    }

    void assignWinner(String winnerId) {
        this.winnerId = winnerId;
    }

    void assignId(String id) {
        this.id = id;
    }

    void finish(SendStatus status, String reason, Delivery delivery, Instant now) {
        this.status = status;
        this.reason = truncate(reason, 1000);
        if (delivery != null) {
            this.providerId = truncate(delivery.providerId(), 255);
            this.recipient = truncate(delivery.recipient(), 254);
            this.subject = truncate(delivery.subject(), 500);
        }
        this.updatedAt = now;
    }

    void prepared(String recipient, String subject, String linksJson) {
        this.recipient = truncate(recipient, 254);
        this.subject = truncate(subject, 500);
        this.links = linksJson;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public String getContactId() {
        return contactId;
    }

    @Override
    public String getScenario() {
        return scenario;
    }

    @Override
    public String getProcessInstanceId() {
        return processInstanceId;
    }

    @Override
    public String getActivityId() {
        return activityId;
    }

    @Override
    public MessageChannel getChannel() {
        return channel;
    }

    @Override
    public String getMessageType() {
        return messageType;
    }

    @Override
    public Category getCategory() {
        return category;
    }

    @Override
    public SendStatus getStatus() {
        return status;
    }

    @Override
    public String getReason() {
        return reason;
    }

    @Override
    public String getWinnerId() {
        return winnerId;
    }

    @Override
    public String getProviderId() {
        return providerId;
    }

    @Override
    public String getRecipient() {
        return recipient;
    }

    @Override
    public String getSubject() {
        return subject;
    }

    public String getLinks() {
        return links;
    }

    @Override
    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    @Override
    public boolean isTestSend() {
        return testSend;
    }
}
