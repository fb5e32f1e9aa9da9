package io.relance.channel.sms;

import org.springframework.modulith.NamedInterface;

import java.util.Objects;

/**
 * One SMS to send.
 *
 * @param to        the recipient, E.164 ({@code +33612345678})
 * @param text      the final text (see {@link SmsText})
 * @param reference our id of this send, at most 40 characters: the provider echoes it in delivery receipts, and
 *                  it is the idempotency key of every attempt
 */
@NamedInterface("sinks")
public record SmsMessage(String to, String text, String reference) {

    /** The longest reference Vonage echoes back ({@code client-ref}). */
    public static final int MAX_REFERENCE_LENGTH = 40;

    public SmsMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(reference, "reference");
        if (reference.isBlank() || reference.length() > MAX_REFERENCE_LENGTH) {
            throw new IllegalArgumentException("An SMS reference has 1 to " + MAX_REFERENCE_LENGTH
                    + " characters, was " + reference.length());
        }
    }

    /** Never shows the number or the text (personal data) — only the reference. */
    @Override
    public String toString() {
        return "SmsMessage[reference=" + reference + ", " + text.length() + " chars]";
    }
}
