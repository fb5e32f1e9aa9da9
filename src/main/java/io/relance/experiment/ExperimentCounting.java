package io.relance.experiment;

import io.relance.channel.Category;
import io.relance.channel.CommunicationRecorded;
import io.relance.config.BeforeCommit;
import io.relance.event.EventAccepted;
import io.relance.scenario.EventType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts what happens to the contacts of experiments, as it happens, in the transaction of the message or event
 * (the listeners run synchronously where {@link CommunicationRecorded} and {@link EventAccepted} are published; the
 * messages of one transaction are counted together just before it commits):
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

    /**
     * The messages recorded in one transaction (a delivery round records many), counted before it commits: their arms
     * are read in two queries for all of them, not two per message.
     */
    private final BeforeCommit<List<CommunicationRecorded>> recorded = new BeforeCommit<>(ArrayList::new, this::count);

    @EventListener
    void on(CommunicationRecorded message) {
        if (definitions.all().isEmpty()) {
            return;
        }
        recorded.add(messages -> messages.add(message));
    }

    private void count(List<CommunicationRecorded> messages) {
        List<String> contactLevel = definitions.all().values().stream().filter(Experiment::contactLevel)
                .map(Experiment::id).toList();
        Set<String> instances = new LinkedHashSet<>();
        Set<String> contacts = new LinkedHashSet<>();
        for (CommunicationRecorded message : messages) {
            if (message.processInstanceId() != null) {
                instances.add(message.processInstanceId());
            }
            if (countsForContact(message, contactLevel)) {
                contacts.add(message.contactId());
            }
        }
        Map<String, List<ExperimentTables.Arm>> ofInstance = instances.isEmpty() ? Map.of()
                : tables.armsOfInstances(instances);
        Map<String, List<ExperimentTables.Arm>> ofContact = contacts.isEmpty() ? Map.of()
                : tables.armsOfContacts(contacts, contactLevel);
        for (CommunicationRecorded message : messages) {
            if (message.processInstanceId() != null) {
                ofInstance.getOrDefault(message.processInstanceId(), List.of()).forEach(arm -> record(message, arm));
            }
            if (countsForContact(message, contactLevel)) {
                ofContact.getOrDefault(message.contactId(), List.of()).forEach(arm -> record(message, arm));
            }
        }
    }

    /** Every commercial message of a contact in a contact-level experiment counts for the contact's arm. */
    private static boolean countsForContact(CommunicationRecorded message, List<String> contactLevel) {
        return !contactLevel.isEmpty() && message.category() == Category.COMMERCIAL && message.contactId() != null;
    }

    private void record(CommunicationRecorded message, ExperimentTables.Arm arm) {
        tables.recordMessage(message.communicationId(), arm.experiment(), arm.arm(), message.contactId(),
                message.status().name(), message.at());
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
