package io.relance.channel;

import java.time.Instant;

/** A commercial message sent or being sent, as the caps count it: its communication id and when it was recorded. */
public record CommercialSend(String id, String contactId, String idempotencyKey, MessageChannel channel,
                             String messageType, Instant createdAt) {
}
