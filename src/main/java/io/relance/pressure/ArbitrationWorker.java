package io.relance.pressure;

import io.relance.channel.Category;
import io.relance.channel.MessageChannel;
import io.relance.channel.MessagingService;
import io.relance.channel.SendOutcome;
import io.relance.channel.SendOutcomeUnknownException;
import io.relance.channel.SendOutputs;
import io.relance.channel.SendRequest;
import io.relance.channel.SendRequests;
import io.relance.channel.SendStatus;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drives arbitrated sends. A commercial send task of a deployed scenario waits as an external task (see
 * {@link ArbitratedSends}); this worker, in the application itself:
 * <ol>
 * <li>takes new send tasks, a batch at a time, with their variables: a message that cannot be sent (no consent...)
 * is suppressed at once, a transactional one sent at once, the commercial ones registered as {@link PendingMessage}s
 * (one transaction) until their decision time;</li>
 * <li>decides, many contacts per transaction, the messages whose time has come ({@link Arbitration});</li>
 * <li>on the delivery threads, sends the granted ones (broadcasts' and scenarios' alike, each claimed with a lease)
 * and completes each waiting task with {@code sendStatus} {@code sent} or {@code suppressed} (or the BPMN error
 * {@code SEND_FAILED}), so its scenario goes on.</li>
 * </ol>
 * Everything it relies on is in the database: any node may run any step; a crash leaves rows that the next round
 * (of any node) picks up again.
 */
@Component
public class ArbitrationWorker {

    /** One worker id for every node: a task locked by one node may be completed by another. */
    public static final String WORKER_ID = "relance-arbitration";
    public static final String TOPIC_PREFIX = "relance.arbitrated.";
    static final int DEFAULT_RETRIES = 5;
    /** A delivery that failed unexpectedly (not the provider: the database, the engine) is tried again after this. */
    static final Duration RETRY_SOON = Duration.ofSeconds(5);
    static final int COMPLETE_ATTEMPTS = 3;
    /** How long one round keeps deciding before the other steps get their turn. */
    static final Duration DECIDE_FOR = Duration.ofSeconds(5);

    static final int MAX_REMEMBERED = 20_000;

    private static final Logger log = LoggerFactory.getLogger(ArbitrationWorker.class);

    private final ExternalTaskService externalTasks;
    private final RuntimeService runtime;
    private final SendRequests requests;
    private final MessagingService messaging;
    private final Arbitration arbitration;
    private final PendingMessages pending;
    private final BroadcastRequests broadcasts;
    private final PressureProperties.Dispatcher settings;
    private final Duration keepDecided;
    private final Clock clock;
    private final PressureMetrics metrics;
    private final ChannelMix channelMix;
    private final ContactService contacts;
    private final TransactionTemplate tx;
    private final DeliveryBehind behind;
    /**
     * Requests of the send tasks this node took, by message id, until delivered: spares reading the task and its
     * variables again. Only a cache (bounded): a message decided or delivered elsewhere reads them from the engine.
     */
    private final Map<String, Taken> taken = new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Taken> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    /** Set when the application stops: rounds end after the send in hand, and hand back the tasks not started. */
    private volatile boolean stopping;

    ArbitrationWorker(ExternalTaskService externalTasks, RuntimeService runtime, SendRequests requests,
                      MessagingService messaging, Arbitration arbitration, PendingMessages pending,
                      BroadcastRequests broadcasts, PressureProperties properties, Clock clock,
                      PressureMetrics metrics, ChannelMix channelMix, ContactService contacts,
                      PlatformTransactionManager transactionManager, DeliveryBehind behind) {
        this.tx = new TransactionTemplate(transactionManager);
        this.behind = behind;
        this.metrics = metrics;
        this.contacts = contacts;
        this.channelMix = channelMix;
        this.externalTasks = externalTasks;
        this.runtime = runtime;
        this.requests = requests;
        this.messaging = messaging;
        this.arbitration = arbitration;
        this.pending = pending;
        this.broadcasts = broadcasts;
        this.settings = properties.dispatcher();
        this.keepDecided = properties.keepDecided();
        this.clock = clock;
    }

    /**
     * The application stops: a round under way finishes the send in hand, then stops; send tasks fetched but not
     * started are unlocked (any node, or this one after its restart, takes them at once instead of after their lock).
     */
    void stopTaking() {
        stopping = true;
    }

    /** Takes work again (the dispatcher started again). */
    void resumeTaking() {
        stopping = false;
    }

    boolean stopping() {
        return stopping;
    }

    public static String topic(MessageChannel channel) {
        return TOPIC_PREFIX + channel.key();
    }

    /** One round of every step; returns how much it did (0: nothing to do). */
    public int runOnce() {
        return takeNewTasks() + decideDue() + deliverGranted();
    }

    /** The steps of the dispatcher's main thread (deliveries have threads of their own). */
    int takeAndDecide() {
        return takeNewTasks() + decideDue();
    }

    /** Forgets decided messages older than {@code relance.pressure.keep-decided}. */
    public int forgetOldDecisions() {
        int deleted = pending.deleteDecidedBefore(clock.instant().minus(keepDecided));
        if (deleted > 0) {
            log.info("Forgot {} decided messages older than {}", deleted, keepDecided);
        }
        return deleted;
    }

    /**
     * Step 1: new (or unlocked again) send tasks, a batch at a time. The request of each is built from the variables
     * fetched with it; those that cannot be sent (no consent...) are suppressed at once and transactional ones sent at
     * once; the commercial ones are registered in one transaction, and those due now decided at once, many contacts
     * per transaction. Granted messages are left to {@link #deliverGranted()} (the delivery threads).
     */
    public int takeNewTasks() {
        long lock = settings.lock().toMillis();
        List<LockedExternalTask> tasks = externalTasks.fetchAndLock(settings.fetch(), WORKER_ID)
                .topic(topic(MessageChannel.EMAIL), lock).enableCustomObjectDeserialization()
                .includeExtensionProperties()
                .topic(topic(MessageChannel.SMS), lock).enableCustomObjectDeserialization()
                .includeExtensionProperties()
                .execute();
        if (tasks.isEmpty()) {
            return 0;
        }
        if (tasks.size() >= settings.fetch()) {
            behind.fullRound();
        }
        if (stopping) {
            unlock(tasks.stream().map(LockedExternalTask::getId).toList(), "stopping");
            return 0;
        }
        // Tasks not started within half their lock are handed back: any node takes them at once, none waits for a
        // lock to run out (a slow round, a slow provider).
        long handBackAt = System.nanoTime() + settings.lock().toNanos() / 2;
        List<Taken> taken = new ArrayList<>();
        for (LockedExternalTask task : tasks) {
            try {
                MessageChannel channel = MessageChannel.valueOf(task.getTopicName().substring(TOPIC_PREFIX.length())
                        .toUpperCase(java.util.Locale.ROOT));
                taken.add(new Taken(task.getId(), task.getRetries(), requests.from(task, channel)));
            } catch (RuntimeException e) {
                fail(task.getId(), task.getRetries(), e);
            }
        }
        Map<String, PendingMessage> rows = new HashMap<>(pending.byKeys(taken.stream()
                .map(t -> t.request().idempotencyKey()).toList()));
        List<Arbitration.Registration> registrations = new ArrayList<>();
        List<Taken> transactional = new ArrayList<>();
        // The contacts of the batch, read with one statement.
        Map<String, ContactView> contactsById = new HashMap<>();
        contacts.findAll(taken.stream().filter(t -> !rows.containsKey(t.request().idempotencyKey()))
                .map(t -> t.request().contactId()).filter(java.util.Objects::nonNull).distinct().toList())
                .forEach(view -> contactsById.put(view.contactId(), view));
        for (Taken t : taken) {
            if (rows.containsKey(t.request().idempotencyKey())) {
                continue;
            }
            try {
                // The channel mix (dmn/channel-choice.dmn): a commercial email may go by SMS instead.
                ContactView contact = contactsById.get(t.request().contactId());
                MessagingService.Checked checked = messaging.check(channelMix.channelOf(t.request(), contact),
                        java.util.Optional.ofNullable(contact));
                if (checked.refusal() != null) {
                    complete(t.taskId(), messaging.recordSuppressed(checked.request(), null, checked.refusal(), null));
                } else if (checked.request().category() == Category.TRANSACTIONAL) {
                    transactional.add(new Taken(t.taskId(), t.retries(), checked.request()));
                } else {
                    registrations.add(new Arbitration.Registration(checked.request(), checked.contact(),
                            t.taskId()));
                }
            } catch (RuntimeException e) {
                fail(t.taskId(), t.retries(), e);
            }
        }
        try {
            rows.putAll(arbitration.registerAll(registrations));
        } catch (RuntimeException e) {
            Map<String, Integer> retries = new HashMap<>();
            taken.forEach(t -> retries.put(t.taskId(), t.retries()));
            registrations.forEach(r -> fail(r.externalTaskId(), retries.get(r.externalTaskId()), e));
        }
        Instant now = clock.instant();
        List<String> dueContacts = new ArrayList<>();
        for (Taken drawn : taken) {
            PendingMessage row = rows.get(drawn.request().idempotencyKey());
            if (row == null) {
                continue;
            }
            // On the channel it was registered on (the channel mix may have made an email an SMS).
            Taken t = new Taken(drawn.taskId(), drawn.retries(), drawn.request().withChannel(row.channel()));
            try {
                switch (row.status()) {
                    case PENDING -> {
                        if (row.decideAt().isAfter(now)) {
                            Duration wait = Duration.between(now, row.decideAt());
                            externalTasks.extendLock(t.taskId(), WORKER_ID, Math.max(settings.lock().toMillis(),
                                    wait.plus(settings.lock()).toMillis()));
                        } else {
                            remember(row.id(), t);
                            dueContacts.add(row.contactId());
                        }
                    }
                    case GRANTED -> {
                        // Delivered by the delivery threads of some node; parked after a failed attempt: again now.
                        remember(row.id(), t);
                        if (PendingMessages.parked(row)) {
                            pending.unpark(row.id(), now);
                        }
                    }
                    case SENT, SUPPRESSED, FAILED -> complete(t.taskId(), messaging.recordSuppressed(t.request(),
                            row.id(), row.reason(), row.winnerId()));
                    case CANCELLED -> pending.update(row.id(), PendingMessage.Status.PENDING, null, null, now);
                }
            } catch (RuntimeException e) {
                fail(t.taskId(), t.retries(), e);
            }
        }
        if (!dueContacts.isEmpty()) {
            act(decide(dueContacts));
        }
        for (int i = 0; i < transactional.size(); i++) {
            Taken t = transactional.get(i);
            if (stopping || System.nanoTime() > handBackAt) {
                unlock(transactional.subList(i, transactional.size()).stream().map(Taken::taskId).toList(),
                        stopping ? "stopping" : "half their lock used");
                break;
            }
            // Never held back: sent at once.
            try {
                complete(t.taskId(), messaging.sendGranted(t.request(), UUID.randomUUID().toString()));
            } catch (RuntimeException e) {
                fail(t.taskId(), t.retries(), e);
            }
        }
        return tasks.size();
    }

    /** A send task taken by this node: its request, built from the variables fetched with it. */
    record Taken(String taskId, Integer retries, SendRequest request) {
    }

    private void remember(String messageId, Taken taken) {
        synchronized (this.taken) {
            this.taken.put(messageId, taken);
        }
    }

    private Taken forget(String messageId) {
        synchronized (taken) {
            return taken.remove(messageId);
        }
    }

    /** Hands back send tasks this node locked and will not work on (the application stops, or the round is slow). */
    private void unlock(List<String> taskIds, String why) {
        int unlocked = 0;
        for (String taskId : taskIds) {
            try {
                externalTasks.unlock(taskId);
                unlocked++;
            } catch (RuntimeException e) {
                log.info("Send task {} not unlocked ({}); taken again when its lock expires", taskId, e.toString());
            }
        }
        if (unlocked > 0) {
            log.info("{} send tasks handed back unstarted ({})", unlocked, why);
        }
    }

    /**
     * Step 2: contacts with messages whose decision time has come, {@code batch} contacts per transaction, for up
     * to a few seconds. Suppressions are recorded (and their tasks completed) at once; granted messages are left to
     * {@link #deliverGranted()}, so that arbitration goes at decision speed while delivery follows at the provider's
     * pace.
     */
    public int decideDue() {
        long until = System.nanoTime() + DECIDE_FOR.toNanos();
        int total = 0;
        do {
            if (stopping) {
                break;
            }
            List<String> contacts = pending.contactsDue(clock.instant(), settings.batch());
            if (contacts.isEmpty()) {
                break;
            }
            if (contacts.size() >= settings.batch()) {
                behind.fullRound();
            }
            total += contacts.size();
            act(decide(contacts));
        } while (System.nanoTime() < until);
        return total;
    }

    /** Decides the due messages of these contacts in one transaction; one by one if that fails. */
    private List<PendingMessage> decide(List<String> contacts) {
        try {
            return arbitration.decideAll(contacts);
        } catch (RuntimeException e) {
            // One contact at a time, so that one problem does not hold the others back.
            log.warn("Arbitration of {} contacts failed ({}); deciding them one by one", contacts.size(),
                    e.toString());
            List<PendingMessage> decided = new ArrayList<>();
            for (String contactId : contacts.stream().distinct().toList()) {
                try {
                    decided.addAll(arbitration.decide(contactId));
                } catch (RuntimeException single) {
                    log.warn("Arbitration of contact {} failed, tried again in the next round: {}", contactId,
                            single.toString());
                }
            }
            return decided;
        }
    }

    /**
     * Step 3: granted messages to send, of broadcasts and of send tasks. A round claims up to
     * {@code relance.pressure.dispatcher.claim} of them at once (a lease on the rows, so several threads or nodes
     * deliver different messages) and hands back those not started within half the lease; a send task's message is
     * completed once sent. A broadcast message whose delivery failed is tried again after
     * {@code relance.pressure.dispatcher.retry} (a minute); a send task's is parked until its task comes back (that
     * retry time; after the last attempt, an incident until an operator retries it). The outcomes are written, and
     * the send tasks of the messages sent completed, in one transaction per round (one by one if that fails); a crash
     * before leaves them granted: delivered again when the lease ran out, the communication log answers for those
     * already sent.
     */
    public int deliverGranted() {
        Instant now = clock.instant();
        Duration lease = settings.deliveryLease();
        List<PendingMessage> rows = pending.claimGranted(now, now.plus(lease), settings.claim());
        if (rows.isEmpty()) {
            return 0;
        }
        if (rows.size() >= settings.claim()) {
            behind.fullRound();
        }
        // Not started within half the lease: handed back, so that no other thread or node claims a message this one
        // still means to send.
        long handBackAt = System.nanoTime() + lease.toNanos() / 2;
        List<PendingMessage> outcomes = new ArrayList<>();
        List<Completion> completions = new ArrayList<>();
        List<ChannelMix.Sent> sent = new ArrayList<>();
        List<Delivering> round = new ArrayList<>(rows.size());
        try {
            for (PendingMessage row : rows) {
                try {
                    Delivering delivering = row.broadcastId() != null
                            ? new Delivering(row, broadcasts.request(row), null) : task(row);
                    if (delivering != null) {
                        round.add(delivering);
                    }
                } catch (RuntimeException e) {
                    failedSoon(row, e);
                }
            }
            List<MessagingService.GrantedResult> results;
            try {
                results = messaging.sendGrantedAll(round.stream().map(d -> new MessagingService.Granted(
                        d.request(), d.row().id())).toList(), () -> !stopping && System.nanoTime() <= handBackAt);
            } catch (RuntimeException e) {
                round.forEach(d -> failedSoon(d.row(), e));
                return rows.size();
            }
            List<String> handedBack = new ArrayList<>();
            for (int i = 0; i < round.size(); i++) {
                Delivering d = round.get(i);
                MessagingService.GrantedResult result = results.get(i);
                if (result.stopped()) {
                    handedBack.add(d.row().id());
                    continue;
                }
                try {
                    PendingMessage outcome = d.task() == null ? broadcastDelivered(d.row(), result)
                            : taskDelivered(d, result, completions, sent);
                    if (outcome != null) {
                        outcomes.add(outcome);
                    }
                } catch (RuntimeException e) {
                    failedSoon(d.row(), e);
                }
            }
            if (!handedBack.isEmpty()) {
                pending.release(handedBack, clock.instant());
            }
            if (!sent.isEmpty()) {
                try {
                    channelMix.sent(sent);
                } catch (RuntimeException e) {
                    log.error("{} messages were sent, but their SMS follow-ups could not start: {}", sent.size(),
                            e.toString(), e);
                }
            }
        } finally {
            finishRound(outcomes, completions);
        }
        return rows.size();
    }

    /** A claimed message about to be sent: its row, its request and, for a send task's, the task. */
    private record Delivering(PendingMessage row, SendRequest request, Taken task) {
    }

    /** Delivered again shortly; the communication log answers for a message already sent. */
    private void failedSoon(PendingMessage row, RuntimeException e) {
        log.warn("Delivery of message {} to contact {} failed, tried again in {}: {}", row.id(), row.contactId(),
                RETRY_SOON, e.toString());
        pending.postpone(row.id(), clock.instant().plus(RETRY_SOON));
    }

    /** The send task of a message delivered in this round, completed at the end of the round. */
    private record Completion(String messageId, String taskId, SendOutcome outcome) {
    }

    /**
     * Completes the send tasks of a round and writes the outcomes in one transaction (one commit instead of one per
     * message). If that fails (a task ended or was fetched again meanwhile), one by one: a task that cannot be
     * completed leaves its message granted and tried again shortly (the communication log replays the send).
     */
    private void finishRound(List<PendingMessage> outcomes, List<Completion> completions) {
        if (outcomes.isEmpty() && completions.isEmpty()) {
            return;
        }
        if (!completions.isEmpty()) {
            try {
                tx.executeWithoutResult(status -> {
                    completions.forEach(c -> completeOnce(c.taskId(), c.outcome()));
                    pending.updateAll(outcomes, clock.instant());
                });
                return;
            } catch (RuntimeException e) {
                log.info("Completing {} send tasks together failed ({}); completing them one by one",
                        completions.size(), e.toString());
            }
        }
        List<PendingMessage> written = new ArrayList<>(outcomes);
        for (Completion c : completions) {
            try {
                complete(c.taskId(), c.outcome());
            } catch (RuntimeException e) {
                log.warn("Send task {} of message {} not completed, tried again in {}: {}", c.taskId(),
                        c.messageId(), RETRY_SOON, e.toString());
                written.removeIf(row -> row.id().equals(c.messageId()));
                pending.postpone(c.messageId(), clock.instant().plus(RETRY_SOON));
            }
        }
        if (!written.isEmpty()) {
            pending.updateAll(written, clock.instant());
        }
    }

    /** Acts on decisions: suppressions are recorded (their tasks completed); granted messages wait for delivery. */
    void act(List<PendingMessage> decided) {
        for (PendingMessage row : decided) {
            try {
                switch (row.status()) {
                    case SUPPRESSED -> {
                        if (row.broadcastId() != null) {
                            SendRequest request = broadcasts.request(row);
                            messaging.recordSuppressed(messaging.check(request).request(), row.id(), row.reason(),
                                    row.winnerId());
                        } else if (row.externalTaskId() != null) {
                            suppressTask(row);
                        }
                    }
                    case CANCELLED -> forget(row.id());
                    default -> {
                        // GRANTED: delivered by deliverGranted()
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Message {} could not be completed after its decision ({}); the next round retries it",
                        row.id(), e.toString());
            }
        }
    }

    private void suppressTask(PendingMessage row) {
        Taken t = forget(row.id());
        if (t == null) {
            t = reread(row);
            if (t == null) {
                return;
            }
        }
        complete(t.taskId(), messaging.recordSuppressed(messaging.check(t.request()).request(), row.id(),
                row.reason(), row.winnerId()));
    }

    /** The send task of a message and its request, read from the engine; null (the row cancelled) when it ended. */
    private Taken reread(PendingMessage row) {
        ExternalTask task = externalTasks.createExternalTaskQuery().externalTaskId(row.externalTaskId())
                .singleResult();
        if (task == null) {
            pending.update(row.id(), PendingMessage.Status.CANCELLED, "the scenario moved on before the send", null,
                    clock.instant());
            return null;
        }
        return new Taken(task.getId(), task.getRetries(), requests.from(task,
                runtime.getVariables(task.getExecutionId()), row.channel()));
    }

    /**
     * The send task of a granted message (claimed) and its request; null when it is not sent now: its scenario moved
     * on (the row cancelled), or its task waits for an operator (an incident: delivered when they retry it).
     */
    private Delivering task(PendingMessage row) {
        Taken t = forget(row.id());
        if (t == null) {
            t = reread(row);
            if (t == null) {
                return null;
            }
            if (t.retries() != null && t.retries() == 0) {
                // An incident waits for an operator: delivered when they retry the task (see takeNewTasks).
                pending.park(row.id(), clock.instant());
                return null;
            }
        }
        return new Delivering(row, t.request(), t);
    }

    /**
     * What the send of a granted message of a send task came to: the row with its outcome, its task completed with
     * the round's ({@code completions}); or null when it stays granted (tried again later).
     */
    private PendingMessage taskDelivered(Delivering d, MessagingService.GrantedResult result,
                                         List<Completion> completions, List<ChannelMix.Sent> sent) {
        PendingMessage row = d.row();
        Taken t = d.task();
        if (result.failure() != null) {
            if (!result.tried()) {
                // Its channel's provider just failed for another message: tried again after the retry time.
                pending.postpone(row.id(), clock.instant().plus(settings.retry()));
                remember(row.id(), t);
                return null;
            }
            // Its task is tried again after the retry time (an incident after the last attempt): then delivered.
            pending.park(row.id(), clock.instant());
            fail(t.taskId(), t.retries(), result.failure());
            return null;
        }
        SendOutcome outcome = result.outcome();
        if (outcome.status() == SendStatus.SENT) {
            sent.add(new ChannelMix.Sent(t.request(), outcome.communicationId(), result.contact()));
        }
        completions.add(new Completion(row.id(), t.taskId(), outcome));
        return withOutcome(row, outcome);
    }

    /** What the send of a granted message of a broadcast came to: the row with its outcome, or null (tried again). */
    private PendingMessage broadcastDelivered(PendingMessage row, MessagingService.GrantedResult result) {
        if (result.outcome() != null) {
            metrics.broadcastDelivery(result.outcome().status().key());
            return withOutcome(row, result.outcome());
        }
        if (result.failure() instanceof SendOutcomeUnknownException e) {
            metrics.broadcastDelivery("failed");
            return row.with(PendingMessage.Status.FAILED, e.getMessage(), null);
        }
        metrics.broadcastDelivery("retried");
        log.warn("Broadcast message {} to contact {} not sent, retried in {}: {}", row.id(), row.contactId(),
                settings.retry(), result.failure().toString());
        pending.postpone(row.id(), clock.instant().plus(settings.retry()));
        return null;
    }

    private static PendingMessage withOutcome(PendingMessage row, SendOutcome outcome) {
        return row.with(status(outcome), outcome.reason(), row.winnerId());
    }

    private static PendingMessage.Status status(SendOutcome outcome) {
        return switch (outcome.status()) {
            case SENT, SENDING -> PendingMessage.Status.SENT;
            case SUPPRESSED -> PendingMessage.Status.SUPPRESSED;
            case FAILED -> PendingMessage.Status.FAILED;
        };
    }

    private void complete(String taskId, SendOutcome outcome) {
        for (int attempt = 1; ; attempt++) {
            try {
                completeOnce(taskId, outcome);
                return;
            } catch (NotFoundException e) {
                log.info("Send task {} ended meanwhile (its scenario moved on); outcome {} kept in the log",
                        taskId, outcome.status().key());
                return;
            } catch (OptimisticLockingException e) {
                // Its lock was renewed meanwhile (the task fetched again by a round of some node): complete it again.
                if (attempt == COMPLETE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Completes a send task with the outcome (the BPMN error {@code SEND_FAILED} for a failed send). */
    private void completeOnce(String taskId, SendOutcome outcome) {
        VariableMap variables = Variables.createVariables()
                .putValue(ScenarioVariables.SEND_STATUS.name(), outcome.status().key())
                .putValue(ScenarioVariables.SEND_REASON.name(), outcome.reason())
                .putValue(ScenarioVariables.COMMUNICATION_ID.name(), outcome.communicationId());
        if (outcome.status() == SendStatus.FAILED) {
            externalTasks.handleBpmnError(taskId, WORKER_ID, SendOutputs.ERROR_SEND_FAILED, outcome.reason(),
                    variables);
        } else {
            externalTasks.complete(taskId, WORKER_ID, variables);
        }
    }

    /** A send that could not be done now: retried in a minute, an incident in Cockpit after the last attempt. */
    private void fail(String taskId, Integer retries, RuntimeException e) {
        int left = e instanceof SendOutcomeUnknownException ? 0 : (retries == null ? DEFAULT_RETRIES : retries) - 1;
        StringWriter details = new StringWriter();
        e.printStackTrace(new PrintWriter(details));
        log.warn("Send task {} failed ({} attempts left): {}", taskId, left, e.toString());
        try {
            externalTasks.handleFailure(taskId, WORKER_ID, truncate(e.getMessage()), details.toString(),
                    Math.max(left, 0), settings.retry().toMillis());
        } catch (NotFoundException gone) {
            log.info("Send task {} ended meanwhile", taskId);
        }
    }

    private static String truncate(String message) {
        return message == null ? "send failed" : message.length() > 600 ? message.substring(0, 599) + "…" : message;
    }
}
