package io.relance.channel;

/** What a provider accepted: its message id, to whom, and the subject (email) if any. */
public record Delivery(String providerId, String recipient, String subject) {
}
