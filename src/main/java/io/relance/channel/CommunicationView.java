package io.relance.channel;

import java.time.Instant;

/**
 * An entry of the communication log as other features read it (timeline, tracking, receipts): read-only. The JPA
 * entity behind it stays inside the channel feature.
 */
public interface CommunicationView {

    String getId();

    String getIdempotencyKey();

    String getContactId();

    /** The process definition key of the scenario that sent it. */
    String getScenario();

    String getProcessInstanceId();

    String getActivityId();

    MessageChannel getChannel();

    String getMessageType();

    Category getCategory();

    SendStatus getStatus();

    String getReason();

    /** For a message suppressed by arbitration: the message that took its place. */
    String getWinnerId();

    String getProviderId();

    String getRecipient();

    String getSubject();

    Instant getCreatedAt();

    Instant getUpdatedAt();

    /**
     * Whether it is a test send (POST /api/templates/.../test-send) to an address given by a marketer: never counted
     * in commercial pressure nor in the figures.
     */
    default boolean isTestSend() {
        return false;
    }
}
