package io.relance.pressure;

import io.relance.channel.MessageChannel;

import java.time.Instant;

/**
 * A commercial message waiting for (or past) its arbitration. {@code id} becomes the communication id of the
 * message when it is sent or suppressed.
 */
public record PendingMessage(String id, String idempotencyKey, String contactId, MessageChannel channel,
                             String messageType, int priority, String scenario, String processInstanceId,
                             String activityId, String externalTaskId, String broadcastId, Instant dueAt,
                             Instant decideAt, Instant windowEnd, Status status, String reason, String winnerId,
                             Instant createdAt) {

    /** This message with a decision or an outcome: its status, the reason and the winner's id (may be null). */
    public PendingMessage with(Status status, String reason, String winnerId) {
        return new PendingMessage(id, idempotencyKey, contactId, channel, messageType, priority, scenario,
                processInstanceId, activityId, externalTaskId, broadcastId, dueAt, decideAt, windowEnd, status, reason,
                winnerId, createdAt);
    }

    public enum Status {
        /** Waiting for its decision. */
        PENDING,
        /** Won its arbitration: counts against the caps, is being sent. */
        GRANTED,
        SENT,
        SUPPRESSED,
        FAILED,
        /** Its scenario moved on (an order, an unsubscribe) before the decision. */
        CANCELLED
    }
}
