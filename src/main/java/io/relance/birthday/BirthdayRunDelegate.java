package io.relance.birthday;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.event.EventIntakeService;
import io.relance.event.EventRequest;
import io.relance.scenario.Birthday;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * {@code ${birthdayRun}}, run by the timer of {@code bpmn/birthday-run.bpmn}: sends the event {@code BirthdayToday}
 * for every contact whose birthday it is today in their own time zone, once the local clock has passed the send
 * time. The event id {@code birthday-<contact>-<year>} makes repeated runs (and several nodes) greet once a year.
 */
@Component("birthdayRun")
class BirthdayRunDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(BirthdayRunDelegate.class);

    private final ContactService contacts;
    private final EventIntakeService intake;
    private final Clock clock;
    private final ZoneId defaultZone;
    private final LocalTime sendFrom;

    BirthdayRunDelegate(ContactService contacts, EventIntakeService intake, Clock clock,
                        @Value("${relance.birthday.default-time-zone:Europe/Paris}") String defaultZone,
                        @Value("${relance.birthday.send-from:08:00}") String sendFrom) {
        this.contacts = contacts;
        this.intake = intake;
        this.clock = clock;
        this.defaultZone = ZoneId.of(defaultZone);
        this.sendFrom = LocalTime.parse(sendFrom);
    }

    @Override
    public void execute(DelegateExecution execution) {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        int greeted = 0;
        for (ContactView contact : contacts.bornOn(Birthdays.candidateMonthDays(now))) {
            ZoneId zone = contact.timeZone() == null ? defaultZone : ZoneId.of(contact.timeZone());
            ZonedDateTime local = now.withZoneSameInstant(zone);
            LocalDate today = local.toLocalDate();
            if (!Birthdays.isBirthday(contact.birthDate(), today) || local.toLocalTime().isBefore(sendFrom)) {
                continue;
            }
            ObjectNode data = JsonNodeFactory.instance.objectNode()
                    .put("age", today.getYear() - contact.birthDate().getYear());
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
            // The same id and content all day long: a later run, or another node, replays instead of greeting twice.
            EventIntakeService.Outcome outcome = intake.acceptObserved(new EventRequest(
                    "birthday-" + contact.contactId() + "-" + today.getYear(), Birthday.MESSAGE_START, contact.contactId(),
                    today.atStartOfDay(zone).toOffsetDateTime(), data));
            if (!outcome.replay()) {
                greeted++;
            }
        }
        log.info("Birthday run at {}: {} contact(s) greeted", now, greeted);
        Birthday.GREETED.set(execution, greeted);
    }
}
