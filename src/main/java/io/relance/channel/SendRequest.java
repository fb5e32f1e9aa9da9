package io.relance.channel;

import java.util.Map;

/**
 * One message a scenario wants to send.
 *
 * @param idempotencyKey stable across retries of the same send, different for a later pass of the same activity
 * @param variables      plain values (strings, numbers, booleans, JSON as maps/lists) for the template
 */
public record SendRequest(String contactId, String scenario, String processInstanceId, String activityId,
                          String idempotencyKey, MessageChannel channel, String messageType, Category category,
                          Map<String, Object> variables) {

    /** The same message on another channel (same idempotency key: one send, whichever channel it takes). */
    public SendRequest withChannel(MessageChannel other) {
        return other == channel ? this : new SendRequest(contactId, scenario, processInstanceId, activityId,
                idempotencyKey, other, messageType, category, variables);
    }

    public SendRequest withCategory(Category effective) {
        return effective == category ? this : new SendRequest(contactId, scenario, processInstanceId, activityId,
                idempotencyKey, channel, messageType, effective, variables);
    }
}
