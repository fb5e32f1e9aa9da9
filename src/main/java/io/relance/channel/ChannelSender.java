package io.relance.channel;

import io.relance.contact.ContactView;

import java.util.List;

/** Sends one kind of message (email, SMS, webhook). Implementations are thin adapters over a provider. */
public interface ChannelSender {

    MessageChannel channel();

    /** Why the contact cannot be reached on this channel (e.g. "no email address"), or null when it can. */
    String unreachableReason(ContactView contact);

    /**
     * Renders the message without sending it. A missing template or an invalid text is a design error: it is
     * thrown as {@link IllegalArgumentException} with a message naming the message type.
     */
    Prepared prepare(ContactView contact, SendRequest request, String communicationId);

    /**
     * Hands the prepared message to the provider. Throws {@link ProviderUnavailableException} when nothing was
     * delivered (retried later), {@link ProviderRejectedException} when refused for good, and
     * {@link ProviderOutcomeUnknownException} when the failure came after the hand-over (perhaps delivered: never
     * retried blindly).
     */
    Delivery deliver(Prepared message) throws ProviderUnavailableException, ProviderRejectedException;

    /**
     * A rendered message.
     *
     * @param links   the URLs of the message (the click redirect only leads there)
     * @param payload the channel's own representation, handed back to {@link #deliver}
     */
    record Prepared(String recipient, String subject, List<String> links, Object payload) {
    }
}
