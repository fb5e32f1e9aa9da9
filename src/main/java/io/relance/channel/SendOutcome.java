package io.relance.channel;

/** The result of a send as the scenario sees it. */
public record SendOutcome(SendStatus status, String reason, String communicationId) {
}
