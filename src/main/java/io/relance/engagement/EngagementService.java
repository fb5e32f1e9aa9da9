package io.relance.engagement;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.event.EventHistory;
import io.relance.event.EventIntakeService;
import io.relance.event.EventRequest;
import io.relance.scenario.Engagement;
import io.relance.scenario.EventType;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Computes each contact's engagement: opens, clicks and orders of the last {@code relance.engagement.window-days}
 * (90) days, days since the last of them, and the segment {@code dmn/engagement-segment.dmn} decides from those.
 * When the segment differs from the one stored last time, it is stored and {@code EngagementChanged} is emitted
 * with the event id {@code engagement-<contact>-<UTC date>-<segment>}: a second run the same day finds the segment
 * unchanged and emits nothing; a retried job replays the same event instead of starting scenarios twice.
 */
@Service
public class EngagementService {

    private static final Logger log = LoggerFactory.getLogger(EngagementService.class);

    private final EventHistory events;
    private final ContactEngagementRepository engagements;
    private final ContactService contacts;
    private final EventIntakeService intake;
    private final DecisionService decisions;
    private final Duration window;

    EngagementService(EventHistory events, ContactEngagementRepository engagements, ContactService contacts,
                      EventIntakeService intake, DecisionService decisions,
                      @Value("${relance.engagement.window-days:90}") int windowDays) {
        this.events = events;
        this.engagements = engagements;
        this.contacts = contacts;
        this.intake = intake;
        this.decisions = decisions;
        this.window = Duration.ofDays(windowDays);
    }

    /** The last segment computed for the contact, if any. */
    public Optional<String> segmentOf(String contactId) {
        return engagements.findById(contactId).map(ContactEngagement::getSegment);
    }

    /** Computes every contact with recorded activity; returns how many changed segment (events emitted). */
    public int run(Instant now) {
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        int changed = 0;
        int computed = 0;
        for (EventHistory.Activity contactActivity : events.activitySince(now.minus(window))) {
            Optional<ContactView> contact = contacts.find(contactActivity.contactId());
            if (contact.isEmpty()) {
                continue; // erased meanwhile: nothing to compute, nobody to write to
            }
            computed++;
            long days = Math.max(0, ChronoUnit.DAYS.between(
                    contactActivity.lastActivity().atZone(ZoneOffset.UTC).toLocalDate(), today));
            String segment = decide(contactActivity, days);
            Optional<ContactEngagement> stored = engagements.findById(contactActivity.contactId());
            String previous = stored.map(ContactEngagement::getSegment).orElse(Engagement.SEGMENT_NONE);
            if (previous.equals(segment)) {
                continue;
            }
            stored.ifPresentOrElse(row -> row.update(segment, now),
                    () -> engagements.save(new ContactEngagement(contactActivity.contactId(), segment, now)));
            emit(contact.get(), contactActivity, days, segment, previous, today);
            changed++;
        }
        log.info("Engagement run at {}: {} contact(s) computed, {} changed segment", now, computed, changed);
        return changed;
    }

    private String decide(EventHistory.Activity contactActivity, long days) {
        Object segment = decisions.evaluateDecisionTableByKey(Engagement.DECISION_SEGMENT, Variables.createVariables()
                        .putValue(Engagement.OPENS.name(), (int) contactActivity.opens())
                        .putValue(Engagement.CLICKS.name(), (int) contactActivity.clicks())
                        .putValue(Engagement.ORDERS.name(), (int) contactActivity.orders())
                        .putValue(Engagement.DAYS_SINCE_LAST_ACTIVITY.name(), (int) days))
                .getSingleResult().getSingleEntry();
        return (String) segment;
    }

    private void emit(ContactView contact, EventHistory.Activity contactActivity, long days, String segment,
                      String previous, LocalDate today) {
        ObjectNode data = JsonNodeFactory.instance.objectNode()
                .put(Engagement.SEGMENT.name(), segment)
                .put(Engagement.PREVIOUS_SEGMENT.name(), previous)
                .put(Engagement.OPENS.name(), contactActivity.opens())
                .put(Engagement.CLICKS.name(), contactActivity.clicks())
                .put(Engagement.ORDERS.name(), contactActivity.orders())
                .put(Engagement.DAYS_SINCE_LAST_ACTIVITY.name(), days);
        Object valueTier = contact.attributes() == null ? null : contact.attributes().get("valueTier");
        data.put(ScenarioVariables.VALUE_TIER.name(), valueTier == null ? "standard" : valueTier.toString());
        intake.acceptObserved(new EventRequest(
                "engagement-" + contact.contactId() + "-" + today + "-" + segment,
                EventType.ENGAGEMENT_CHANGED, contact.contactId(),
                today.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime(), data));
    }
}
