package io.relance.broadcast;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * A broadcast and where it stands: recipients registered, then decided (sent, suppressed...) one by one.
 *
 * @param segment the contact attributes a recipient must have (empty: every contact); {@code null} when the stored
 *                segment cannot be read — no recipient is registered then (see {@link UnreadableBroadcastException})
 */
public record Broadcast(String broadcastId, String name, String messageType, String channel,
                        Map<String, Object> segment, LocalDate sendOn, String status, int recipients,
                        Map<String, Long> messages, Instant createdAt, Instant updatedAt) {

    /** Recipients being registered. */
    public static final String REGISTERING = "registering";
    /** All recipients registered: their messages wait for their decision or are decided. */
    public static final String REGISTERED = "registered";
}
