package io.relance.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relance.scenario.ScenarioVariables;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Published (a Spring application event) when an event of a contact has been accepted: recorded and correlated, in
 * the intake's transaction, before it commits. A replayed event id publishes nothing. Listeners that count or react
 * (figures, experiments) run in that transaction: what they write commits or rolls back with the event.
 *
 * @param data the event's data as received (never null; an empty object when the event had none); listeners read
 *             it, never change it
 */
public record EventAccepted(String eventId, String type, String contactId, Instant occurredAt, Instant receivedAt,
                            ObjectNode data, List<String> startedInstances, List<String> reachedInstances) {

    /** The currency of an amount that names none. */
    public static final String DEFAULT_CURRENCY = "EUR";

    /** The data's {@code amount} (an order's or a refund's): a number, or a text holding one. */
    public Optional<BigDecimal> amount() {
        JsonNode node = data.path("amount");
        if (node.isNumber()) {
            return Optional.of(node.decimalValue());
        }
        if (node.isTextual()) {
            try {
                return Optional.of(new BigDecimal(node.asText().strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The data's {@code currency} as an ISO 4217 code, {@value #DEFAULT_CURRENCY} when missing or malformed. */
    public String currency() {
        JsonNode node = data.path("currency");
        String currency = node.isTextual() ? node.asText().strip().toUpperCase(Locale.ROOT) : "";
        return currency.matches("[A-Z]{3}") ? currency : DEFAULT_CURRENCY;
    }

    /** The message a reaction is about (data {@code communicationId}: opens, clicks, unsubscribes, SMS receipts). */
    public Optional<String> communicationId() {
        JsonNode id = data.path(ScenarioVariables.COMMUNICATION_ID.name());
        return id.isTextual() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
    }
}
