package io.relance.insight;

import io.relance.channel.CommunicationLog;
import io.relance.channel.CommunicationView;
import io.relance.contact.ContactService;
import io.relance.event.EventHistory;
import io.relance.experiment.ExperimentService;
import io.relance.pressure.PendingMessage;
import io.relance.pressure.PendingMessages;
import io.relance.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code GET /api/contacts/{contactId}/timeline}: the contact's events and communications, newest first. */
@RestController
class TimelineController {

    private final ContactService contacts;
    private final EventHistory events;
    private static final List<String> KIND_ORDER = List.of("event", "experiment", "pending", "communication");

    private final CommunicationLog communications;
    private final PendingMessages pending;
    private final ExperimentService experiments;

    TimelineController(ContactService contacts, EventHistory events, CommunicationLog communications,
                       PendingMessages pending, ExperimentService experiments) {
        this.contacts = contacts;
        this.events = events;
        this.communications = communications;
        this.pending = pending;
        this.experiments = experiments;
    }

    private static String waitingReason(PendingMessage m) {
        if (m.status() == PendingMessage.Status.GRANTED) {
            return "won its arbitration, being sent";
        }
        return m.decideAt().isAfter(m.dueAt()) ? "held until " + m.decideAt() + " (send slot or quiet hours),"
                + " then arbitrated" : "arbitrated at " + m.decideAt();
    }

    @GetMapping("/api/contacts/{contactId}/timeline")
    Map<String, Object> timeline(@PathVariable String contactId) {
        if (!contacts.exists(contactId)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "Contact not found", "No contact with id '" + contactId + "'.");
        }
        List<TimelineEntry> entries = new ArrayList<>();
        for (EventHistory.ReceivedEvent event : events.latestOf(contactId)) {
            List<String> instances = new ArrayList<>(event.startedInstances());
            instances.addAll(event.reachedInstances());
            entries.add(new TimelineEntry(event.receivedAt(), "event", event.type(), null, null,
                    event.startedInstances().isEmpty() && event.reachedInstances().isEmpty()
                            ? "no scenario" : "received", null, null, null, instances, event.eventId(), null, null,
                    null));
        }
        for (CommunicationView c : communications.ofContact(contactId)) {
            entries.add(new TimelineEntry(c.getUpdatedAt(), "communication", c.getMessageType(), c.getChannel().key(),
                    c.getCategory().key(), c.getStatus().key(), c.getReason(), c.getScenario(),
                    c.getProcessInstanceId(), null, c.getId(), c.getWinnerId(), null, null));
        }
        for (PendingMessage m : pending.ofContact(contactId)) {
            entries.add(new TimelineEntry(m.createdAt(), "pending", m.messageType(), m.channel().key(), "commercial",
                    m.status() == PendingMessage.Status.GRANTED ? "granted" : "waiting", waitingReason(m),
                    m.scenario(), m.processInstanceId(), null, m.id(), null, m.decideAt(), m.priority()));
        }
        for (ExperimentService.AssignmentView a : experiments.ofContact(contactId)) {
            entries.add(new TimelineEntry(a.assignedAt(), "experiment", a.experiment(), null, null, "assigned", null,
                    a.scenario(), a.processInstanceId(), null, null, null, null, null, a.experiment(), a.arm()));
        }
        // Newest first; at the same instant, what an event caused comes before the event.
        entries.sort(Comparator.comparing(TimelineEntry::at).thenComparing(e -> KIND_ORDER.indexOf(e.kind()))
                .reversed());
        return Map.of("contactId", contactId, "entries", entries);
    }
}
