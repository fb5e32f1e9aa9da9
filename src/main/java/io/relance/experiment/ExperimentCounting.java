package io.relance.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.relance.channel.Category;
import io.relance.channel.CommunicationRecorded;
import io.relance.event.EventAccepted;
import io.relance.scenario.EventType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Counts what happens to the contacts of experiments, as it happens, in the transaction of the message or event
 * (the listeners run synchronously where {@link CommunicationRecorded} and {@link EventAccepted} are published):
 * <ul>
 *     <li>a message of a scenario instance that passed a split test counts for that instance's arm; every commercial
 *     message of a contact in a contact-level experiment (the pressure experiment) counts for the contact's arm;</li>
 *     <li>{@code EmailOpened} / {@code LinkClicked} mark the message (data {@code communicationId});</li>
 *     <li>{@code Unsubscribed} marks the contact's assignments;</li>
 *     <li>the goal event of an experiment (e.g. {@code OrderPlaced}, data {@code amount}, {@code currency}) of an
 *     assigned contact, occurred within the attribution window after the assignment, is a conversion.</li>
 * </ul>
 */
@Component
class ExperimentCounting {

    static final String DATA_COMMUNICATION_ID = "communicationId";
    static final String DATA_AMOUNT = "amount";
    static final String DATA_CURRENCY = "currency";

    private final ExperimentDefinitions definitions;
    private final ExperimentTables tables;

    ExperimentCounting(ExperimentDefinitions definitions, ExperimentTables tables) {
        this.definitions = definitions;
        this.tables = tables;
    }

    @EventListener
    void on(CommunicationRecorded message) {
        Map<String, Experiment> experiments = definitions.all();
        if (experiments.isEmpty()) {
            return;
        }
        if (message.processInstanceId() != null) {
            for (String[] arm : tables.armsOfInstance(message.processInstanceId())) {
                tables.recordMessage(message.communicationId(), arm[0], arm[1], message.contactId(),
                        message.status().name(), message.at());
            }
        }
        List<String> contactLevel = experiments.values().stream().filter(Experiment::contactLevel)
                .map(Experiment::id).toList();
        if (!contactLevel.isEmpty() && message.category() == Category.COMMERCIAL && message.contactId() != null) {
            for (String[] arm : tables.armsOfContact(message.contactId(), contactLevel)) {
                tables.recordMessage(message.communicationId(), arm[0], arm[1], message.contactId(),
                        message.status().name(), message.at());
            }
        }
    }

    @EventListener
    void on(EventAccepted event) {
        switch (event.type()) {
            case EventType.EMAIL_OPENED -> communication(event).ifPresent(tables::markOpened);
            case EventType.LINK_CLICKED -> communication(event).ifPresent(tables::markClicked);
            case EventType.UNSUBSCRIBED -> tables.markUnsubscribed(event.contactId(), event.receivedAt());
            default -> {
            }
        }
        Map<String, Experiment> experiments = definitions.all();
        if (experiments.values().stream().noneMatch(e -> e.goal().equals(event.type()))) {
            return;
        }
        for (ExperimentTables.Assignment assignment : tables.assignmentsOf(event.contactId())) {
            Experiment experiment = experiments.get(assignment.experiment());
            Instant at = event.occurredAt();
            if (experiment == null || !experiment.goal().equals(event.type()) || at.isBefore(assignment.assignedAt())
                    || at.isAfter(assignment.assignedAt().plus(Duration.ofDays(experiment.windowDays())))) {
                continue;
            }
            JsonNode amount = event.data().path(DATA_AMOUNT);
            JsonNode currency = event.data().path(DATA_CURRENCY);
            tables.recordConversion(event.eventId(), assignment, amount.isNumber() ? amount.decimalValue() : null,
                    currency.isTextual() && currency.asText().length() <= 3 ? currency.asText() : null, at);
        }
    }

    private static java.util.Optional<String> communication(EventAccepted event) {
        JsonNode id = event.data().path(DATA_COMMUNICATION_ID);
        return id.isTextual() ? java.util.Optional.of(id.asText()) : java.util.Optional.empty();
    }
}
