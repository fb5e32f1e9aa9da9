package io.relance.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relance.contact.ContactService;
import io.relance.refusal.FieldProblem;
import io.relance.refusal.InvalidFieldsException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.camunda.bpm.engine.runtime.MessageCorrelationResultType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Receives events from shops, CRMs and booking engines. In one transaction it records the event and correlates it:
 * every scenario whose message start event has the event's type is started, and every instance of the contact
 * (business key) waiting for that message is reached. The event id makes this idempotent.
 */
@Service
public class EventIntakeService {

    private static final Logger log = LoggerFactory.getLogger(EventIntakeService.class);
    /** Logging context keys set around an intake (and around a send, by the channel feature). */
    public static final String MDC_EVENT_ID = "eventId";
    public static final String MDC_CONTACT_ID = "contactId";

    private final InboundEvents events;
    private final ContactService contacts;
    private final EventTypes eventTypes;
    private final EventCatalog catalog;
    private final RuntimeService runtimeService;
    private final TransactionTemplate tx;
    private final ObjectMapper canonicalJson;
    private final Clock clock;
    private final int attempts;
    private final ApplicationEventPublisher publisher;
    private final IntakeMetrics metrics;
    private final IntakeGate gate;

    EventIntakeService(InboundEvents events, ContactService contacts, EventTypes eventTypes,
                       EventCatalog catalog, RuntimeService runtimeService, TransactionTemplate tx,
                       ObjectMapper objectMapper, Clock clock,
                       @Value("${relance.events.correlation-attempts:5}") int attempts,
                       ApplicationEventPublisher publisher, IntakeMetrics metrics, IntakeGate gate) {
        this.events = events;
        this.contacts = contacts;
        this.eventTypes = eventTypes;
        this.catalog = catalog;
        this.runtimeService = runtimeService;
        this.tx = tx;
        this.canonicalJson = objectMapper.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        this.clock = clock;
        this.attempts = Math.max(1, attempts);
        this.publisher = publisher;
        this.metrics = metrics;
        this.gate = gate;
    }

    /** The outcome of an intake: the receipt, and whether this call did the work or repeats an earlier one. */
    public record Outcome(EventReceipt receipt, boolean replay) {
    }

    /**
     * Records and correlates the event. Refuses it, changing nothing, with an {@link InvalidFieldsException} (bad
     * {@code data} fields, or not those the {@link EventCatalog} declares for the type),
     * {@link UnknownContactException}, {@link ContactErasedException},
     * {@link UnknownEventTypeException},
     * {@link EventIdConflictException} (the id was used for other content), {@link EventRefusedException} (a
     * scenario could not take it) or {@link IntakeBusyException} (retry later).
     */
    public Outcome accept(EventRequest request) {
        return accept(request, true);
    }

    /**
     * An event Relance observed itself (an email opened, a link clicked, an unsubscribe, a delivery receipt): it
     * goes through the same intake, and is recorded even when no scenario knows its type, for the contact's
     * timeline and engagement figures.
     */
    public Outcome acceptObserved(EventRequest request) {
        return accept(request, false);
    }

    /**
     * One INFO line per intake with the ids (event, type, contact, instances started and reached, outcome), and
     * {@code eventId}/{@code contactId} in the logging context (MDC) meanwhile, so every line the intake causes
     * carries them; the count {@code relance.events.received{type, outcome}}.
     */
    private Outcome accept(EventRequest request, boolean requireKnownType) {
        String previousEvent = MDC.get(MDC_EVENT_ID);
        String previousContact = MDC.get(MDC_CONTACT_ID);
        putOrRemove(MDC_EVENT_ID, request.eventId());
        putOrRemove(MDC_CONTACT_ID, request.contactId());
        try {
            Outcome outcome = acceptInContext(request, requireKnownType);
            IntakeMetrics.Outcome tag = outcome.replay() ? IntakeMetrics.Outcome.REPLAYED
                    : IntakeMetrics.Outcome.ACCEPTED;
            metrics.count(request.type(), tag);
            log.info("Event intake: eventId={} type={} contactId={} outcome={} started={} reached={}",
                    request.eventId(), request.type(), request.contactId(), tag.tag(),
                    outcome.receipt().startedInstances(), outcome.receipt().reachedInstances());
            return outcome;
        } catch (RuntimeException e) {
            IntakeMetrics.Outcome tag = refusal(e);
            metrics.count(request.type(), tag);
            log.info("Event intake: eventId={} type={} contactId={} outcome={}", request.eventId(), request.type(),
                    request.contactId(), tag.tag());
            throw e;
        } finally {
            putOrRemove(MDC_EVENT_ID, previousEvent);
            putOrRemove(MDC_CONTACT_ID, previousContact);
        }
    }

    private static IntakeMetrics.Outcome refusal(RuntimeException e) {
        if (e instanceof InvalidFieldsException) {
            return IntakeMetrics.Outcome.INVALID;
        } else if (e instanceof UnknownContactException) {
            return IntakeMetrics.Outcome.UNKNOWN_CONTACT;
        } else if (e instanceof UnknownEventTypeException) {
            return IntakeMetrics.Outcome.UNKNOWN_TYPE;
        } else if (e instanceof EventIdConflictException) {
            return IntakeMetrics.Outcome.CONFLICT;
        } else if (e instanceof IntakeBusyException) {
            return IntakeMetrics.Outcome.BUSY;
        } else if (e instanceof EventRefusedException) {
            return IntakeMetrics.Outcome.REFUSED_BY_SCENARIO;
        }
        return IntakeMetrics.Outcome.ERROR;
    }

    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private Outcome acceptInContext(EventRequest request, boolean requireKnownType) {
        List<FieldProblem> problems = new ArrayList<>(EventVariables.problems(request.data()));
        // The fields the event catalogue declares for the type: checked before anything starts.
        problems.addAll(catalog.problems(request.type(), request.data()));
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(problems);
        }
        String hash = hash(request);
        if (!requireKnownType) {
            // Relance's own observations (opens, clicks, receipts, STOP replies, date and engagement runs) have no
            // sender to send them again: they never wait for a turn nor are refused as busy.
            return recordAndCorrelate(request, hash, false);
        }
        return gate.inTurn(() -> recordAndCorrelate(request, hash, true));
    }

    private Outcome recordAndCorrelate(EventRequest request, String hash, boolean requireKnownType) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> intake(request, hash, requireKnownType));
            } catch (DataIntegrityViolationException e) {
                // The same event id was committed meanwhile by a request for another contact: answer as it did.
                InboundEvent winner = events.find(request.eventId()).orElseThrow(() -> e);
                return replay(winner, hash);
            } catch (ProcessEngineException e) {
                if (e instanceof OptimisticLockingException optimistic) {
                    retryOrGiveUp(request, attempt, optimistic);
                    continue;
                }
                // A scenario refused the event (e.g. an expression on a missing or malformed field): nothing of the
                // event was kept; the sender learns why.
                log.info("Event {} ({}) refused by a scenario: {}", request.eventId(), request.type(), e.getMessage());
                throw new EventRefusedException(request.type(), e);
            }
        }
    }

    /** After an optimistic-locking collision: wait a little before the next attempt, or give up (busy). */
    private void retryOrGiveUp(EventRequest request, int attempt, OptimisticLockingException e) {
        if (attempt >= attempts) {
            log.warn("Event {} still collides with concurrent correlations after {} attempts: {}", request.eventId(),
                    attempt, e.getMessage());
            throw new IntakeBusyException();
        }
        log.debug("Event {} collided with a concurrent correlation (attempt {}), retrying", request.eventId(), attempt);
        backoff(attempt);
    }

    private Outcome intake(EventRequest request, String hash, boolean requireKnownType) {
        // Serialises the events of one contact (across nodes too): no two correlations race on its instances, and
        // a repeated event id of that contact waits here until the first one is committed.
        if (!contacts.lock(request.contactId())) {
            java.util.Optional<java.time.Instant> erased = contacts.erasedAt(request.contactId());
            if (erased.isPresent()) {
                throw new ContactErasedException(request.contactId(), erased.get());
            }
            throw new UnknownContactException(request.contactId());
        }
        Optional<InboundEvent> earlier = events.find(request.eventId());
        if (earlier.isPresent()) {
            return replay(earlier.get(), hash);
        }
        boolean known = eventTypes.isKnown(request.type());
        if (!known && requireKnownType) {
            throw new UnknownEventTypeException(request.type(), eventTypes.known());
        }
        List<MessageCorrelationResult> results = !known ? List.of()
                : runtimeService.createMessageCorrelation(request.type())
                .processInstanceBusinessKey(request.contactId())
                .setVariables(EventVariables.of(request))
                .correlateAllWithResult();
        List<String> started = new ArrayList<>();
        List<String> reached = new ArrayList<>();
        // Every scenario starting on this type: Camunda allows one definition per start message name, so each
        // deployed start event has its alias <type>#<process> (see StartMessageAliases).
        for (String alias : known ? eventTypes.startAliases(request.type()) : List.<String>of()) {
            started.add(runtimeService.createMessageCorrelation(alias)
                    .processInstanceBusinessKey(request.contactId())
                    .setVariables(EventVariables.of(request))
                    .correlateStartMessage().getId());
        }
        for (MessageCorrelationResult result : results) {
            if (result.getResultType() == MessageCorrelationResultType.ProcessDefinition) {
                started.add(result.getProcessInstance().getId());
            } else {
                reached.add(result.getExecution().getProcessInstanceId());
            }
        }
        InboundEvent event = new InboundEvent(request.eventId(), request.type(), request.contactId(),
                request.occurredAt().toInstant().truncatedTo(ChronoUnit.MICROS),
                clock.instant().truncatedTo(ChronoUnit.MICROS), hash, json(request.data()));
        event.recordOutcome(started, reached.stream().distinct().toList());
        // One INSERT in the correlation's transaction; its primary key refuses a second record of the event id.
        events.insert(event);
        publisher.publishEvent(new EventAccepted(event.getId(), event.getType(), event.getContactId(),
                event.getOccurredAt(), event.getReceivedAt(),
                request.data() == null ? JsonNodeFactory.instance.objectNode() : request.data(),
                List.copyOf(started), List.copyOf(event.getReachedInstances())));
        return new Outcome(EventReceipt.of(event), false);
    }

    private Outcome replay(InboundEvent earlier, String hash) {
        if (!earlier.getRequestHash().equals(hash)) {
            throw new EventIdConflictException(earlier.getId());
        }
        return new Outcome(EventReceipt.of(earlier), true);
    }

    private String hash(EventRequest request) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("type", request.type());
        canonical.put("contactId", request.contactId());
        canonical.put("occurredAt", request.occurredAt().toInstant().toString());
        canonical.put("data", request.data() == null ? null
                : canonicalJson.convertValue(request.data(), Map.class));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint event " + request.eventId(), e);
        }
    }

    private String json(ObjectNode data) {
        if (data == null) {
            return null;
        }
        try {
            return canonicalJson.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying an event", e);
        }
    }
}
