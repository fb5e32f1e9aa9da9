package io.relance.channel;

import java.time.Instant;

/**
 * Published (a Spring application event) when a message reaches its outcome in the communication log —
 * {@code sent}, {@code suppressed} or {@code failed} — in the log's own transaction, before it commits: listeners
 * that count messages (figures, experiments) commit or roll back with the log entry. {@code sending} (the provider
 * is being called) publishes nothing; a send whose outcome is unknown stays {@code sending}.
 *
 * @param scenario the process definition key of the scenario that sent it (null for a broadcast or a test send)
 * @param reason   why it was suppressed or failed (null when sent)
 */
public record CommunicationRecorded(String communicationId, String contactId, String scenario,
                                    String processInstanceId, String activityId, MessageChannel channel,
                                    String messageType, Category category, SendStatus status, String reason,
                                    Instant at) {

    static CommunicationRecorded of(Communication communication) {
        return new CommunicationRecorded(communication.getId(), communication.getContactId(),
                communication.getScenario(), communication.getProcessInstanceId(), communication.getActivityId(),
                communication.getChannel(), communication.getMessageType(), communication.getCategory(),
                communication.getStatus(), communication.getReason(), communication.getUpdatedAt());
    }
}
