package io.relance.privacy;

import io.relance.contact.ContactService;
import io.relance.event.EventHistory;
import io.relance.refusal.Refusal;
import io.relance.scenario.FirstPurchase;
import io.relance.scenario.StayPreparation;
import io.relance.scenario.Transactional;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The retention rule: a contact with no sign of life for the inactive period is erased, as on the person's request.
 * A sign of life is a profile created or changed (PUT), or an event (any type, received or occurred) in the period.
 * Kept whatever their age: contacts with an open order (an {@code OrderPlaced} without a later
 * {@code OrderDelivered}, {@code OrderReturned} or {@code RefundIssued}) and contacts with a running order or stay
 * scenario (transactional, first purchase, stay preparation: a booking before its departure). Each erasure commits
 * on its own; a run erases at most {@code max-per-run} contacts (the next night goes on).
 */
@Service
public class Retention {

    /** Who the erasure record names for the erasures of the retention run. */
    static final String ACTOR = "retention";
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final int PAGE = 200;
    private static final List<String> ORDER_AND_STAY_SCENARIOS = List.of(Transactional.PROCESS_KEY,
            FirstPurchase.PROCESS_KEY, StayPreparation.PROCESS_KEY);

    private final RetentionProperties properties;
    private final ContactService contacts;
    private final EventHistory events;
    private final RuntimeService runtimeService;
    private final ErasureService erasures;
    private final Clock clock;

    Retention(RetentionProperties properties, ContactService contacts, EventHistory events,
              RuntimeService runtimeService, ErasureService erasures, Clock clock) {
        this.properties = properties;
        this.contacts = contacts;
        this.events = events;
        this.runtimeService = runtimeService;
        this.erasures = erasures;
        this.clock = clock;
    }

    /** Erases the inactive contacts (at most max-per-run); returns how many. Nothing when retention is off. */
    public int run() {
        Instant now = clock.instant();
        if (!properties.enabled()) {
            log.info("Data retention run at {}: disabled (relance.retention.enabled=false), nothing erased", now);
            return 0;
        }
        Instant cutoff = now.atZone(ZoneOffset.UTC).minus(properties.inactivePeriod()).toInstant();
        int erased = 0;
        int kept = 0;
        String after = "";
        while (erased < properties.maxPerRun()) {
            List<String> page = contacts.unchangedSince(cutoff, after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            after = page.get(page.size() - 1);
            Set<String> keep = new HashSet<>(events.withEventSince(page, cutoff));
            keep.addAll(events.withOpenOrder(page));
            for (String contactId : page) {
                if (keep.contains(contactId) || hasOrderOrStayRunning(contactId)) {
                    kept++;
                    continue;
                }
                try {
                    erasures.erase(contactId, ACTOR, ErasureService.Cause.RETENTION);
                    erased++;
                } catch (Refusal gone) {
                    // Erased or changed meanwhile (another node, a request): nothing to do.
                }
                if (erased >= properties.maxPerRun()) {
                    break;
                }
            }
        }
        log.info("Data retention run at {}: {} contact(s) erased (no sign of life since {}, period {}), {} older"
                + " profile(s) kept (a recent event, an open order or a running order/stay scenario)", now, erased,
                cutoff, properties.inactivePeriod(), kept);
        return erased;
    }

    private boolean hasOrderOrStayRunning(String contactId) {
        return runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(contactId)
                .processDefinitionKeyIn(ORDER_AND_STAY_SCENARIOS.toArray(String[]::new)).count() > 0;
    }
}
