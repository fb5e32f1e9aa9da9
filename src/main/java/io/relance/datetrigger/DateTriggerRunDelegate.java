package io.relance.datetrigger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.event.EventCatalog;
import io.relance.event.EventHistory;
import io.relance.event.EventIntakeService;
import io.relance.event.EventRequest;
import io.relance.scenario.DateTriggerRun;
import io.relance.scenario.EventType;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ${dateTriggerRun}}, run every hour by the timer of {@code bpmn/birthday-run.bpmn}: for each row of the
 * latest deployed {@code dmn/date-triggers.dmn}, finds in the database the contacts whose date may fall due today
 * somewhere on Earth (the UTC day and its neighbours), then emits the row's event for those whose local day it is in
 * their time zone and whose local time has reached the row's hour. The event id
 * {@code <type>-<contact>-<occurrence date>} makes later runs of the day (a catch-up after downtime), and other nodes,
 * emit it once per contact and occurrence.
 */
@Component("dateTriggerRun")
class DateTriggerRunDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(DateTriggerRunDelegate.class);

    private final ContactService contacts;
    private final EventHistory events;
    private final EventIntakeService intake;
    private final RepositoryService repository;
    private final EventCatalog catalog;
    private final Clock clock;
    private final ZoneId defaultZone;
    private final Map<String, List<DateTrigger>> tables = new ConcurrentHashMap<>();

    DateTriggerRunDelegate(ContactService contacts, EventHistory events, EventIntakeService intake,
                           RepositoryService repository, EventCatalog catalog, Clock clock,
                           @Value("${relance.date-triggers.default-time-zone:"
                                   + "${relance.birthday.default-time-zone:Europe/Paris}}") String defaultZone) {
        this.contacts = contacts;
        this.events = events;
        this.intake = intake;
        this.repository = repository;
        this.catalog = catalog;
        this.clock = clock;
        this.defaultZone = ZoneId.of(defaultZone);
    }

    /** A contact whose date may fall due, with that date. */
    private record Candidate(ContactView contact, LocalDate date) {
    }

    @Override
    public void execute(DelegateExecution execution) {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        int emitted = 0;
        // In the job's transaction, like every delegate: an event a scenario refuses fails the hour's run, which is
        // retried and then shows as an incident; nothing of a failed run is kept.
        for (DateTrigger trigger : triggers()) {
            for (Candidate candidate : candidates(trigger, now)) {
                if (emit(trigger, candidate, now)) {
                    emitted++;
                }
            }
        }
        log.info("Date-trigger run at {}: {} event(s) emitted", now, emitted);
        DateTriggerRun.EMITTED.set(execution, emitted);
    }

    /** The rows of the latest deployed table, read once per version (none when it is not deployed). */
    List<DateTrigger> triggers() {
        DecisionDefinition latest = repository.createDecisionDefinitionQuery()
                .decisionDefinitionKey(DateTriggerRun.DECISION).latestVersion().withoutTenantId().singleResult();
        if (latest == null) {
            log.warn("{} is not deployed: no date event is emitted", DateTriggerRun.DECISION_FILE);
            return List.of();
        }
        return tables.computeIfAbsent(latest.getId(), id -> DateTriggerTable.read(
                latest.getResourceName() + " (version " + latest.getVersion() + ")",
                repository.getDmnModelInstance(id), catalog));
    }

    private List<Candidate> candidates(DateTrigger trigger, ZonedDateTime nowUtc) {
        // Time zones run from UTC-12 to UTC+14: somewhere it is the UTC day, its eve or its morrow.
        Set<LocalDate> days = new LinkedHashSet<>();
        for (int offset = -1; offset <= 1; offset++) {
            days.add(nowUtc.toLocalDate().plusDays(offset));
        }
        boolean yearly = trigger.recurrence() == DateTrigger.Recurrence.YEARLY;
        String key = trigger.attribute().key();
        List<Candidate> found = new ArrayList<>();
        switch (trigger.attribute().source()) {
            case BIRTH_DATE -> (yearly ? contacts.bornOn(trigger.monthDaysDueOn(days))
                    : contacts.bornOnDates(trigger.datesDueOn(days)))
                    .forEach(c -> found.add(new Candidate(c, c.birthDate())));
            case CONTACT_ATTRIBUTE -> (yearly ? contacts.withDateAttributeOnDays(key, trigger.monthDaysDueOn(days))
                    : contacts.withDateAttribute(key, trigger.datesDueOn(days)))
                    .forEach(c -> found.add(new Candidate(c, date(c.attributes().get(key)))));
            case LATEST_EVENT -> {
                Map<String, String> values = new java.util.HashMap<>();
                String type = trigger.attribute().eventType();
                (yearly ? events.latestDatedOnDays(type, key, trigger.monthDaysDueOn(days))
                        : events.latestDated(type, key, trigger.datesDueOn(days)))
                        .forEach(e -> values.put(e.contactId(), e.value()));
                contacts.findAll(values.keySet()).forEach(c -> found.add(new Candidate(c,
                        date(values.get(c.contactId())))));
            }
        }
        found.removeIf(c -> c.date() == null);
        return found;
    }

    /** Emits the row's event for the contact if it is due now in their time zone; true when it was emitted now. */
    private boolean emit(DateTrigger trigger, Candidate candidate, ZonedDateTime nowUtc) {
        ContactView contact = candidate.contact();
        ZoneId zone = zone(contact.timeZone());
        ZonedDateTime local = nowUtc.withZoneSameInstant(zone);
        LocalDate today = local.toLocalDate();
        LocalDate occurrence = trigger.occurrenceDueOn(candidate.date(), today).orElse(null);
        if (occurrence == null || local.getHour() < trigger.localHour()) {
            return false;
        }
        String eventId = trigger.eventId(contact.contactId(), occurrence);
        // Recorded by an earlier run of the day: nothing to do (and the contact's data may have changed since, which
        // would make the same id a conflicting event).
        if (events.isRecorded(eventId) || isLegacyBirthdayRecorded(trigger, contact, occurrence)) {
            return false;
        }
        EventIntakeService.Outcome outcome = intake.acceptObserved(new EventRequest(eventId, trigger.eventType(),
                contact.contactId(), today.atStartOfDay(zone).toOffsetDateTime(),
                data(trigger, contact, candidate.date(), occurrence)));
        return !outcome.replay();
    }

    /** Before the date triggers, the birthday run named its events {@code birthday-<contact>-<year>}. */
    private boolean isLegacyBirthdayRecorded(DateTrigger trigger, ContactView contact, LocalDate occurrence) {
        return trigger.attribute() == DateAttribute.BIRTH_DATE && EventType.BIRTHDAY_TODAY.equals(trigger.eventType())
                && events.isRecorded("birthday-" + contact.contactId() + "-" + occurrence.getYear());
    }

    private static ObjectNode data(DateTrigger trigger, ContactView contact, LocalDate date, LocalDate occurrence) {
        ObjectNode data = JsonNodeFactory.instance.objectNode()
                .put("occurrence", occurrence.toString())
                .put("offsetDays", trigger.offsetDays());
        if (trigger.recurrence() == DateTrigger.Recurrence.YEARLY) {
            data.put("years", occurrence.getYear() - date.getYear());
        }
        if (trigger.attribute() == DateAttribute.BIRTH_DATE) {
            data.put("age", occurrence.getYear() - date.getYear());
        }
        Object valueTier = contact.attributes().get("valueTier");
        data.put("valueTier", valueTier == null ? "standard" : valueTier.toString());
        // What dmn/segments.dmn decides entry on.
        if (contact.attributes().get("country") instanceof String country) {
            data.put("country", country);
        }
        if (contact.attributes().get("lifetimeValue") instanceof Number value) {
            data.put("lifetimeValue", value.doubleValue());
        }
        if (contact.attributes().get("ordersCount") instanceof Number orders) {
            data.put("ordersCount", orders.longValue());
        }
        return data;
    }

    private ZoneId zone(String timeZone) {
        try {
            return timeZone == null ? defaultZone : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return defaultZone;
        }
    }

    /** A date value: {@code YYYY-MM-DD}, or the day of a date-time written {@code YYYY-MM-DDT...}; else null. */
    static LocalDate date(Object value) {
        if (!(value instanceof String text) || text.length() < 10
                || (text.length() > 10 && text.charAt(10) != 'T')) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
