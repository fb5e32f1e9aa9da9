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
     * Called before a group of this channel's messages is prepared: reads at once what {@link #prepare} would read
     * for each of them (one query for the group instead of one per message). Optional: {@code prepare} reads what it
     * was not given.
     */
    default void readAhead(List<SendRequest> requests) {
    }

    /**
     * Renders the message as {@link #prepare} does, for a preview or a test send to {@code recipient} (an address of
     * this channel, given by whoever asks): without tracking, and with a harmless unsubscribe link. Channels without
     * templates refuse it.
     */
    default Preview preview(ContactView contact, SendRequest request, String recipient) {
        throw new IllegalArgumentException("Channel " + channel().key() + " has no templates to preview");
    }

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

    /**
     * A message rendered for a preview or a test send.
     *
     * @param html     the HTML part (email; null for an SMS)
     * @param text     the text part of an email, the final text of an SMS
     * @param encoding GSM-7 or UCS-2 (SMS; null for an email)
     * @param segments the SMS needed (SMS; null for an email)
     * @param prepared what {@link #deliver} sends
     */
    record Preview(String recipient, String subject, String html, String text, String encoding, Integer segments,
                   Prepared prepared) {
    }
}
