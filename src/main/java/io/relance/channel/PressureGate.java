package io.relance.channel;

import io.relance.contact.ContactView;

/**
 * Commercial pressure as the messaging service sees it (implemented by {@code io.relance.pressure}): which category a
 * message really has, and — for a commercial message sent directly by a task that does not wait for arbitration —
 * whether it may go now.
 */
public interface PressureGate {

    /** The category of the message type (dmn/message-priority.dmn decides; the task's own category otherwise). */
    Category category(SendRequest request, ContactView contact);

    /** Whether commercial messages on this channel are arbitrated (capped, held in quiet hours). */
    boolean arbitrates(MessageChannel channel);

    /**
     * Decides at once, under the contact's lock, whether a commercial message that cannot wait goes out now (within
     * the caps, and not outranked by a message reserved for later today). Idempotent per idempotency key.
     *
     * @param id the communication id the message will have
     */
    Verdict decideNow(SendRequest request, ContactView contact, String id);

    /** A decision: granted (send with {@code id}), or refused with the reason and the winning message, if any. */
    record Verdict(String id, boolean granted, String reason, String winnerId) {
    }
}
