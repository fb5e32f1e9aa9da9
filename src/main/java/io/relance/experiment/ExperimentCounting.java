package io.relance.experiment;

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
            case EventType.EMAIL_OPENED -> event.communicationId().ifPresent(tables::markOpened);
            case EventType.LINK_CLICKED -> event.communicationId().ifPresent(tables::markClicked);
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
            tables.recordConversion(event.eventId(), assignment, event.amount().orElse(null), event.currency(), at);
        }
    }
}
