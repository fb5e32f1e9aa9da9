package io.relance.pressure;

import io.relance.channel.Category;
import io.relance.channel.CommercialSend;
import io.relance.channel.CommunicationLog;
import io.relance.channel.MessageChannel;
import io.relance.channel.PressureGate;
import io.relance.channel.SendRequest;
import io.relance.contact.Consent;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.experiment.ExperimentService;
import org.camunda.bpm.engine.ExternalTaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decides which of a contact's commercial messages go out. Under the contact's row lock (so two threads or two nodes
 * never decide for one contact at once), the messages due now and those reserved for later the same day are ranked
 * by priority (dmn/message-priority.dmn); each takes a place within the caps (dmn/pressure-caps.dmn) counted over
 * what was already sent; the due ones that find no place are suppressed — reason {@code arbitration} with the winner
 * when a message of this day took the place, {@code cap} when messages already sent did.
 */
@Service
public class Arbitration implements PressureGate {

    private static final Logger log = LoggerFactory.getLogger(Arbitration.class);

    private final PendingMessages pending;
    private final ContactService contacts;
    private final MessageRules rules;
    private final SendSlots slots;
    private final CommunicationLog communications;
    private final ExternalTaskService externalTasks;
    private final ExperimentService experiments;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PressureMetrics metrics;

    Arbitration(PendingMessages pending, ContactService contacts, MessageRules rules, SendSlots slots,
                CommunicationLog communications, ExternalTaskService externalTasks, ExperimentService experiments,
                PlatformTransactionManager transactionManager, Clock clock, PressureMetrics metrics) {
        this.metrics = metrics;
        this.pending = pending;
        this.contacts = contacts;
        this.rules = rules;
        this.slots = slots;
        this.communications = communications;
        this.externalTasks = externalTasks;
        this.experiments = experiments;
        this.tx = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @Override
    public Category category(SendRequest request, ContactView contact) {
        if (!arbitrates(request.channel())) {
            return request.category();
        }
        return rules.rank(request.messageType(), request.channel(), rules.valueTier(contact.attributes())).category();
    }

    @Override
    public boolean arbitrates(MessageChannel channel) {
        return channel == MessageChannel.EMAIL || channel == MessageChannel.SMS;
    }

    /** Registers a message that waits for its decision; returns the registered (or earlier registered) row. */
    public PendingMessage register(SendRequest request, ContactView contact, String externalTaskId,
                                   String broadcastId) {
        Optional<PendingMessage> earlier = pending.byKey(request.idempotencyKey());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        PendingMessage message = newMessage(request, contact, externalTaskId, broadcastId, now());
        pending.insert(message);
        log.debug("{} '{}' for contact {} waits for its arbitration at {}", request.channel().key(),
                request.messageType(), request.contactId(), message.decideAt());
        return message;
    }

    /** A message of a send task to register: its checked request, its contact and its external task. */
    public record Registration(SendRequest request, ContactView contact, String externalTaskId) {
    }

    /**
     * Registers many messages in one transaction (their keys known to be new); returns the rows by idempotency key.
     * When one of them was registered meanwhile (another node took the same task), each is registered on its own.
     */
    public Map<String, PendingMessage> registerAll(List<Registration> registrations) {
        Map<String, PendingMessage> rows = new LinkedHashMap<>();
        if (registrations.isEmpty()) {
            return rows;
        }
        Instant now = now();
        List<PendingMessage> messages = registrations.stream().map(r -> newMessage(r.request(), r.contact(),
                r.externalTaskId(), null, now)).toList();
        try {
            tx.executeWithoutResult(status -> pending.insertAll(messages));
            messages.forEach(m -> rows.put(m.idempotencyKey(), m));
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            log.info("{} messages registered one by one ({})", registrations.size(), e.getMessage());
            rows.clear();
            for (Registration r : registrations) {
                rows.put(r.request().idempotencyKey(), register(r.request(), r.contact(), r.externalTaskId(), null));
            }
        }
        return rows;
    }

    /** A new pending message for a request (not stored), decided at its first moment past slot and quiet hours. */
    private PendingMessage newMessage(SendRequest request, ContactView contact, String externalTaskId,
                                      String broadcastId, Instant now) {
        MessageRules.Rank rank = rank(request, contact);
        ZoneId zone = slots.zone(contact);
        return message(UUID.randomUUID().toString(), request, rank,
                slots.decideAt(request.channel(), now, zone, rank.waitsForSlot()), zone, externalTaskId, broadcastId,
                now);
    }

    private MessageRules.Rank rank(SendRequest request, ContactView contact) {
        return rules.rank(request.messageType(), request.channel(), rules.valueTier(contact.attributes()));
    }

    private PendingMessage message(String id, SendRequest request, MessageRules.Rank rank, Instant decideAt,
                                          ZoneId zone, String externalTaskId, String broadcastId, Instant now) {
        return new PendingMessage(id, request.idempotencyKey(), request.contactId(), request.channel(),
                request.messageType(), rank.priority(), request.scenario(), request.processInstanceId(),
                request.activityId(), externalTaskId, broadcastId, now, decideAt, slots.windowEnd(decideAt, zone),
                PendingMessage.Status.PENDING, null, null, now);
    }

    @Override
    public Verdict decideNow(SendRequest request, ContactView contact, String id) {
        return tx.execute(status -> {
            contacts.lock(request.contactId());
            Optional<PendingMessage> earlier = pending.byKey(request.idempotencyKey());
            PendingMessage message;
            if (earlier.isPresent()) {
                message = earlier.get();
            } else {
                Instant now = now();
                message = message(id, request, rank(request, contact), now, slots.zone(contact), null, null, now);
                pending.insert(message);
            }
            if (message.status() == PendingMessage.Status.PENDING) {
                String messageId = message.id();
                message = decideAll(List.of(request.contactId())).stream().filter(m -> m.id().equals(messageId))
                        .findFirst().orElse(message);
            }
            boolean granted = message.status() == PendingMessage.Status.GRANTED
                    || message.status() == PendingMessage.Status.SENT;
            return new Verdict(message.id(), granted, message.reason(), message.winnerId());
        });
    }

    /**
     * Decides the contact's messages whose decision time has come. Returns them with their decision: granted,
     * suppressed (with reason and winner) or cancelled (their scenario moved on).
     */
    public List<PendingMessage> decide(String contactId) {
        return decideAll(List.of(contactId));
    }

    /**
     * Decides the due messages of contacts in one transaction (many at once for broadcasts): the contacts' rows are locked in
     * id order (no deadlock between two nodes), everything they need is read in a few queries, the decisions are
     * written in a batch. Contacts that no longer exist get their messages suppressed.
     */
    public List<PendingMessage> decideAll(List<String> contactIds) {
        if (contactIds.isEmpty()) {
            return List.of();
        }
        Instant[] decidedAt = new Instant[1];
        List<PendingMessage> result = tx.execute(status -> {
            Instant now = now();
            decidedAt[0] = now;
            List<String> ids = contactIds.stream().distinct().sorted().toList();
            List<String> locked = contacts.lockInIdOrder(ids);
            Map<String, ContactView> views = new LinkedHashMap<>();
            contacts.findAll(locked).forEach(view -> views.put(view.contactId(), view));
            Map<String, List<PendingMessage>> waiting = new LinkedHashMap<>();
            for (PendingMessage m : pending.waiting(ids, now.plus(Duration.ofDays(2)))) {
                waiting.computeIfAbsent(m.contactId(), id -> new ArrayList<>()).add(m);
            }
            Set<String> liveTasks = liveTasks(waiting.values());
            Map<String, List<Use>> usage = usage(List.copyOf(views.keySet()), now);
            Map<String, String> pressureArms = pressureArms(waiting, views.keySet(), now);
            List<PendingMessage> decided = new ArrayList<>();
            for (String id : ids) {
                List<PendingMessage> rows = waiting.getOrDefault(id, List.of());
                ContactView contact = views.get(id);
                if (contact == null) {
                    rows.stream().filter(m -> !m.decideAt().isAfter(now)).forEach(m -> decided.add(m.with(
                            PendingMessage.Status.SUPPRESSED, "contact " + id + " does not exist (erased?)", null)));
                    continue;
                }
                Instant windowEnd = slots.windowEnd(now, slots.zone(contact));
                decided.addAll(decideLocked(contact, rows.stream().filter(m -> m.decideAt().isBefore(windowEnd))
                        .toList(), liveTasks, usage.getOrDefault(id, List.of()),
                        pressureArms.getOrDefault(id, MessageRules.STANDARD_PRESSURE_ARM), now));
            }
            pending.updateAll(decided, now);
            return decided;
        });
        // Counted once committed (a rolled-back decision is decided again, and counted then).
        metrics.decided(result, decidedAt[0]);
        return result;
    }

    /** Of the send tasks of these messages, those still waiting in their scenario: one query for a batch. */
    private Set<String> liveTasks(java.util.Collection<List<PendingMessage>> waiting) {
        List<String> ids = waiting.stream().flatMap(List::stream).map(PendingMessage::externalTaskId)
                .filter(java.util.Objects::nonNull).distinct().toList();
        Set<String> live = new HashSet<>();
        for (int from = 0; from < ids.size(); from += 500) {
            externalTasks.createExternalTaskQuery()
                    .externalTaskIdIn(new HashSet<>(ids.subList(from, Math.min(ids.size(), from + 500)))).list()
                    .forEach(task -> live.add(task.getId()));
        }
        return live;
    }

    /**
     * The decisions for one locked contact (not written); a message whose send task is no longer among
     * {@code liveTasks} is cancelled (its scenario moved on).
     */
    private List<PendingMessage> decideLocked(ContactView contact, List<PendingMessage> waiting, Set<String> liveTasks,
                                              List<Use> usage, String pressureArm, Instant now) {
        List<PendingMessage> decided = new ArrayList<>();
        List<PendingMessage> competing = new ArrayList<>();
        for (PendingMessage m : waiting) {
            if (m.externalTaskId() != null && !liveTasks.contains(m.externalTaskId())) {
                decided.add(m.with(PendingMessage.Status.CANCELLED,
                        "the scenario moved on before the decision", null));
            } else {
                competing.add(m);
            }
        }
        if (competing.stream().noneMatch(m -> !m.decideAt().isAfter(now))) {
            return decided;
        }
        Set<String> started = new HashSet<>();
        usage.forEach(u -> started.add(u.idempotencyKey()));
        for (PendingMessage m : List.copyOf(competing)) {
            if (started.contains(m.idempotencyKey()) && !m.decideAt().isAfter(now)) {
                // Its send already began (an earlier decision, then a crash): it holds its place, decided as granted.
                competing.remove(m);
                decided.add(m.with(PendingMessage.Status.GRANTED, null, null));
            }
        }
        Allocation allocation = new Allocation(new ArrayList<>(usage), caps(contact, pressureArm, now));
        competing.sort(Comparator.comparingInt(PendingMessage::priority).reversed()
                .thenComparing(PendingMessage::decideAt).thenComparing(PendingMessage::createdAt)
                .thenComparing(PendingMessage::id));
        for (PendingMessage m : competing) {
            boolean due = !m.decideAt().isAfter(now);
            Instant at = due ? now : m.decideAt();
            Blocked blocked = allocation.take(m, at);
            if (!due) {
                continue;
            }
            if (blocked == null) {
                decided.add(m.with(PendingMessage.Status.GRANTED, null, null));
            } else {
                decided.add(m.with(PendingMessage.Status.SUPPRESSED, blocked.reason(), blocked.winnerId()));
            }
        }
        decided.stream().filter(m -> m.status() == PendingMessage.Status.SUPPRESSED).forEach(m ->
                log.debug("{} '{}' for contact {} suppressed: {}", m.channel().key(), m.messageType(),
                        m.contactId(), m.reason()));
        return decided;
    }

    /**
     * Per contact: commercial messages sent (or being sent) in the last 30 days, and those granted but not yet
     * sent.
     */
    private Map<String, List<Use>> usage(List<String> contactIds, Instant now) {
        Map<String, Map<String, Use>> uses = new LinkedHashMap<>();
        if (contactIds.isEmpty()) {
            return Map.of();
        }
        for (CommercialSend c : communications.commercialSince(contactIds, now.minus(Duration.ofDays(30)))) {
            uses.computeIfAbsent(c.contactId(), id -> new LinkedHashMap<>()).put(c.id(), new Use(c.createdAt(),
                    c.channel(), c.id(), c.idempotencyKey(), c.messageType(), 0, false));
        }
        for (PendingMessage m : pending.granted(contactIds)) {
            // Granted: sent now or soon (a delivery lease or a failed attempt moved its decision time on).
            Instant at = m.decideAt().isAfter(now) ? now : m.decideAt();
            uses.computeIfAbsent(m.contactId(), id -> new LinkedHashMap<>()).putIfAbsent(m.id(), new Use(
                    at, m.channel(), m.id(), m.idempotencyKey(), m.messageType(), m.priority(), false));
        }
        Map<String, List<Use>> result = new LinkedHashMap<>();
        uses.forEach((id, byId) -> result.put(id, new ArrayList<>(byId.values())));
        return result;
    }

    /**
     * The arms of the pressure experiment of the contacts that have messages to decide, in one query for the batch
     * (and one batch insert for those assigned now: a contact is assigned when the arbitration first needs its arm).
     * Nothing is read while the experiment is not running: everyone is {@code standard}.
     */
    private Map<String, String> pressureArms(Map<String, List<PendingMessage>> waiting, Set<String> existing,
                                             Instant now) {
        List<String> needed = waiting.entrySet().stream().filter(e -> existing.contains(e.getKey()))
                .filter(e -> e.getValue().stream().anyMatch(m -> !m.decideAt().isAfter(now)))
                .map(Map.Entry::getKey).sorted().toList();
        return needed.isEmpty() ? Map.of() : experiments.armsOf(MessageRules.PRESSURE_EXPERIMENT, needed);
    }

    private Map<String, MessageRules.Caps> caps(ContactView contact, String pressureArm, Instant now) {
        String valueTier = rules.valueTier(contact.attributes());
        Map<String, MessageRules.Caps> caps = new LinkedHashMap<>();
        Integer youngest = null;
        for (MessageChannel channel : List.of(MessageChannel.EMAIL, MessageChannel.SMS)) {
            Integer age = consentAgeDays(contact, channel, now);
            caps.put(channel.key(), rules.caps(channel.key(), valueTier, age, pressureArm));
            if (age != null && (youngest == null || age < youngest)) {
                youngest = age;
            }
        }
        caps.put(MessageRules.ALL_CHANNELS, rules.caps(MessageRules.ALL_CHANNELS, valueTier, youngest, pressureArm));
        return caps;
    }

    private static Integer consentAgeDays(ContactView contact, MessageChannel channel, Instant now) {
        Consent consent = contact.consents().get(channel.consent().key());
        if (consent == null || !consent.granted() || consent.at() == null) {
            return null;
        }
        return (int) ChronoUnit.DAYS.between(consent.at(), now);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A message counted against the caps: sent, granted, or placed in this decision ({@code thisRound}). */
    record Use(Instant at, MessageChannel channel, String id, String idempotencyKey, String messageType,
               int priority, boolean thisRound) {
    }

    record Blocked(String reason, String winnerId) {
    }

    private static final class Allocation {

        private static final List<Duration> PERIODS = List.of(Duration.ofDays(1), Duration.ofDays(7),
                Duration.ofDays(30));

        private final List<Use> uses;
        private final Map<String, MessageRules.Caps> caps;

        Allocation(List<Use> uses, Map<String, MessageRules.Caps> caps) {
            this.uses = uses;
            this.caps = caps;
        }

        /** Places the message at {@code at}, or tells what blocks it. */
        Blocked take(PendingMessage m, Instant at) {
            for (String scope : List.of(MessageRules.ALL_CHANNELS, m.channel().key())) {
                MessageRules.Caps scopeCaps = caps.get(scope);
                if (scopeCaps == null) {
                    continue;
                }
                Integer[] limits = {scopeCaps.perDay(), scopeCaps.per7Days(), scopeCaps.per30Days()};
                for (int i = 0; i < PERIODS.size(); i++) {
                    Integer limit = limits[i];
                    if (limit == null) {
                        continue;
                    }
                    Duration period = PERIODS.get(i);
                    List<Use> counted = uses.stream()
                            .filter(u -> scope.equals(MessageRules.ALL_CHANNELS) || u.channel() == m.channel())
                            .filter(u -> u.at().isAfter(at.minus(period)) && u.at().isBefore(at.plus(period)))
                            .toList();
                    if (counted.size() >= limit) {
                        return blocked(scope, period, limit, counted);
                    }
                }
            }
            uses.add(new Use(at, m.channel(), m.id(), m.idempotencyKey(), m.messageType(), m.priority(), true));
            return null;
        }

        private static Blocked blocked(String scope, Duration period, int limit, List<Use> counted) {
            String cap = limit + " commercial message" + (limit > 1 ? "s" : "") + " per "
                    + (period.toDays() == 1 ? "24 hours" : period.toDays() + " days")
                    + (scope.equals(MessageRules.ALL_CHANNELS) ? " (all channels)" : " (" + scope + ")");
            Optional<Use> winner = counted.stream().filter(Use::thisRound)
                    .max(Comparator.comparingInt(Use::priority));
            if (winner.isPresent()) {
                Use w = winner.get();
                return new Blocked("arbitration: '" + w.messageType() + "' (priority " + w.priority()
                        + ") has the place (" + cap + ")", w.id());
            }
            Use last = counted.stream().max(Comparator.comparing(Use::at)).orElseThrow();
            return new Blocked("cap: " + cap + " reached (last: '" + last.messageType() + "' at " + last.at() + ")",
                    null);
        }
    }
}
