package io.relance.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.channel.CommunicationLog;
import io.relance.channel.CommunicationView;
import io.relance.contact.ConsentRecordView;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.event.EventHistory;
import io.relance.experiment.ExperimentService;
import io.relance.pressure.PendingMessage;
import io.relance.pressure.PendingMessages;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything Relance holds about a person, in one document (GDPR access and portability): the profile with its
 * current consents and their history (source and proof of each change), the events received, the messages sent, held back or waiting, the scenarios the person went
 * through (running or ended, with their current steps) and the experiment arms.
 */
@Service
public class ContactExport {

    /** The document. */
    public record Document(String contactId, Instant exportedAt, Profile profile, Map<String, ?> consents,
                           List<ConsentRecordView> consentHistory, List<Event> events, List<Message> messages,
                           List<Waiting> waitingMessages, List<Scenario> scenarios, List<Arm> experiments) {
    }

    public record Profile(String email, String phone, String firstName, String lastName, LocalDate birthDate,
                          String locale, String timeZone, Map<String, Object> attributes, Instant createdAt,
                          Instant updatedAt) {
    }

    public record Event(String type, String eventId, Instant occurredAt, Instant receivedAt, JsonNode data) {
    }

    public record Message(String channel, String messageType, String category, String status, String recipient,
                          String subject, Instant createdAt, Instant updatedAt, String reason, String scenario) {
    }

    public record Waiting(String channel, String messageType, String status, Instant decideAt, String scenario) {
    }

    public record Scenario(String processKey, String name, String instanceId, Instant startedAt, Instant endedAt,
                           String state, List<String> currentSteps) {
    }

    public record Arm(String experiment, String arm, String scenario, Instant assignedAt) {
    }

    private final ErasureService erasures;
    private final ContactService contacts;
    private final EventHistory events;
    private final CommunicationLog communications;
    private final PendingMessages pending;
    private final ExperimentService experiments;
    private final HistoryService historyService;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    ContactExport(ErasureService erasures, ContactService contacts, EventHistory events,
                  CommunicationLog communications, PendingMessages pending, ExperimentService experiments,
                  HistoryService historyService, ObjectMapper objectMapper, Clock clock) {
        this.erasures = erasures;
        this.contacts = contacts;
        this.events = events;
        this.communications = communications;
        this.pending = pending;
        this.experiments = experiments;
        this.historyService = historyService;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /** The document; refuses with {@link NoSuchContactException} or {@link ContactAlreadyErasedException}. */
    @Transactional(readOnly = true)
    public Document of(String contactId) {
        ContactView contact = contacts.find(contactId).orElse(null);
        if (contact == null) {
            erasures.requireExists(contactId);
            throw new NoSuchContactException(contactId);
        }
        Profile profile = new Profile(contact.email(), contact.phone(), contact.firstName(), contact.lastName(),
                contact.birthDate(), contact.locale(), contact.timeZone(), contact.attributes(),
                contact.createdAt(), contact.updatedAt());
        List<Event> received = events.allOf(contactId).stream()
                .map(e -> new Event(e.type(), e.eventId(), e.occurredAt(), e.receivedAt(), json(e.data())))
                .toList();
        List<Message> messages = new ArrayList<>();
        for (CommunicationView c : communications.allOf(contactId)) {
            messages.add(new Message(c.getChannel().key(), c.getMessageType(), c.getCategory().key(),
                    c.getStatus().key(), c.getRecipient(), c.getSubject(), c.getCreatedAt(), c.getUpdatedAt(),
                    c.getReason(), c.getScenario()));
        }
        List<Waiting> waiting = pending.ofContact(contactId).stream()
                .map(m -> new Waiting(m.channel().key(), m.messageType(),
                        m.status() == PendingMessage.Status.GRANTED ? "granted" : "waiting", m.decideAt(),
                        m.scenario()))
                .toList();
        List<Arm> arms = experiments.ofContact(contactId).stream()
                .map(a -> new Arm(a.experiment(), a.arm(), a.scenario(), a.assignedAt())).toList();
        return new Document(contactId, clock.instant(), profile, contact.consents(),
                contacts.consentHistory(contactId, null).orElse(List.of()), received,
                messages, waiting, scenarios(contactId), arms);
    }

    private List<Scenario> scenarios(String contactId) {
        List<Scenario> scenarios = new ArrayList<>();
        for (HistoricProcessInstance instance : historyService.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(contactId).orderByProcessInstanceStartTime().asc().list()) {
            List<String> steps = new ArrayList<>();
            if (instance.getEndTime() == null) {
                for (HistoricActivityInstance activity : historyService.createHistoricActivityInstanceQuery()
                        .processInstanceId(instance.getId()).unfinished().orderByHistoricActivityInstanceStartTime()
                        .asc().list()) {
                    String type = activity.getActivityType();
                    if (!type.endsWith("Body") && !"subProcess".equals(type)) {
                        steps.add(activity.getActivityName() == null ? activity.getActivityId()
                                : activity.getActivityName());
                    }
                }
            }
            scenarios.add(new Scenario(instance.getProcessDefinitionKey(), instance.getProcessDefinitionName(),
                    instance.getId(), instant(instance.getStartTime()), instant(instance.getEndTime()),
                    instance.getState().toLowerCase(java.util.Locale.ROOT), steps));
        }
        return scenarios;
    }

    private JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return objectMapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event data is unreadable", e);
        }
    }

    private static Instant instant(java.util.Date date) {
        return date == null ? null : date.toInstant();
    }
}
