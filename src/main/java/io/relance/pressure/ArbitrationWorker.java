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
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drives arbitrated sends. A commercial send task of a deployed scenario waits as an external task (see
 * {@link ArbitratedSends}); this worker, in the application itself:
 * <ol>
 * <li>takes new send tasks: a message that cannot be sent (no consent...) is suppressed at once, a transactional one
 * sent at once, a commercial one registered as a {@link PendingMessage} until its decision time;</li>
 * <li>decides, contact by contact, the messages whose time has come ({@link Arbitration});</li>
 * <li>sends the granted ones and completes each waiting task with {@code sendStatus} {@code sent} or
 * {@code suppressed} (or the BPMN error {@code SEND_FAILED}), so its scenario goes on.</li>
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
    static final Duration RETRY_TIMEOUT = Duration.ofMinutes(1);
    /** How long one round keeps deciding before the other steps get their turn. */
    static final Duration DECIDE_FOR = Duration.ofSeconds(5);

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
    /** Set when the application stops: rounds end after the send in hand, and hand back the tasks not started. */
    private volatile boolean stopping;

    ArbitrationWorker(ExternalTaskService externalTasks, RuntimeService runtime, SendRequests requests,
                      MessagingService messaging, Arbitration arbitration, PendingMessages pending,
                      BroadcastRequests broadcasts, PressureProperties properties, Clock clock,
                      PressureMetrics metrics, ChannelMix channelMix) {
        this.metrics = metrics;
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
        return takeNewTasks() + decideDue() + deliverBroadcasts();
    }

    /** The steps of the dispatcher's main thread (broadcast deliveries have threads of their own). */
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

    /** Step 1: new (or unlocked again) send tasks. */
    public int takeNewTasks() {
        long lock = settings.lock().toMillis();
        List<LockedExternalTask> tasks = externalTasks.fetchAndLock(settings.fetch(), WORKER_ID)
                .topic(topic(MessageChannel.EMAIL), lock).variables()
                .topic(topic(MessageChannel.SMS), lock).variables()
                .execute();
        // Tasks not started within half their lock are handed back: any node takes them at once, none waits for a
        // lock to run out (a slow round, a slow provider).
        long handBackAt = System.nanoTime() + settings.lock().toNanos() / 2;
        for (int i = 0; i < tasks.size(); i++) {
            LockedExternalTask task = tasks.get(i);
            if (stopping || System.nanoTime() > handBackAt) {
                unlock(tasks.subList(i, tasks.size()).stream().map(LockedExternalTask::getId).toList(),
                        stopping ? "stopping" : "half their lock used");
                return i;
            }
            try {
                take(task.getId(), MessageChannel.valueOf(task.getTopicName().substring(TOPIC_PREFIX.length())
                        .toUpperCase(java.util.Locale.ROOT)));
            } catch (RuntimeException e) {
                fail(task.getId(), task.getRetries(), e);
            }
        }
        return tasks.size();
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

    private void take(String taskId, MessageChannel channel) {
        ExternalTask task = externalTasks.createExternalTaskQuery().externalTaskId(taskId).singleResult();
        if (task == null || !keepLocked(task)) {
            return;
        }
        SendRequest request = requests.from(task, runtime.getVariables(task.getExecutionId()), channel);
        PendingMessage row = pending.byKey(request.idempotencyKey()).orElse(null);
        if (row == null) {
            // The channel mix (dmn/channel-choice.dmn): a commercial email may go by SMS instead.
            request = channelMix.channelOf(request);
            MessagingService.Checked checked = messaging.check(request);
            if (checked.refusal() != null) {
                complete(task, messaging.recordSuppressed(checked.request(), null, checked.refusal(), null));
                return;
            }
            if (checked.request().category() == Category.TRANSACTIONAL) {
                // Never held back: sent at once.
                complete(task, messaging.sendGranted(checked.request(), UUID.randomUUID().toString()));
                return;
            }
            row = arbitration.register(checked.request(), checked.contact(), taskId, null);
        }
        request = request.withChannel(row.channel());
        switch (row.status()) {
            case PENDING -> {
                Duration wait = Duration.between(clock.instant(), row.decideAt());
                externalTasks.extendLock(taskId, WORKER_ID, Math.max(settings.lock().toMillis(),
                        wait.plus(settings.lock()).toMillis()));
                if (!row.decideAt().isAfter(clock.instant())) {
                    act(arbitration.decide(row.contactId()));
                }
            }
            case GRANTED -> deliver(row, task, request);
            case SENT, SUPPRESSED, FAILED -> complete(task, messaging.recordSuppressed(request, row.id(),
                    row.reason(), row.winnerId()));
            case CANCELLED -> pending.update(row.id(), PendingMessage.Status.PENDING, null, null, clock.instant());
        }
    }

    /**
     * Step 2: contacts with messages whose decision time has come, {@code batch} contacts per transaction, for up
     * to a few seconds. Scenario messages are sent (and their tasks completed) at once; granted broadcast messages
     * are left to {@link #deliverBroadcasts()}, so that a large broadcast is arbitrated at decision speed while its
     * delivery follows at the provider's pace.
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
            total += contacts.size();
            List<PendingMessage> decided;
            try {
                decided = arbitration.decideAll(contacts);
            } catch (RuntimeException e) {
                // One contact at a time, so that one problem does not hold the others back.
                log.warn("Arbitration of {} contacts failed ({}); deciding them one by one", contacts.size(),
                        e.toString());
                decided = new java.util.ArrayList<>();
                for (String contactId : contacts) {
                    try {
                        decided.addAll(arbitration.decide(contactId));
                    } catch (RuntimeException single) {
                        log.warn("Arbitration of contact {} failed, tried again in the next round: {}", contactId,
                                single.toString());
                    }
                }
            }
            act(decided.stream().filter(m -> m.broadcastId() == null
                    || m.status() != PendingMessage.Status.GRANTED).toList());
        } while (System.nanoTime() < until);
        return total;
    }

    /**
     * Step 3: granted broadcast messages to send. Each is claimed first (a lease on the row), so several threads or
     * nodes deliver different messages; a message whose delivery failed is tried again a minute later.
     */
    public int deliverBroadcasts() {
        Instant now = clock.instant();
        int delivered = 0;
        for (PendingMessage row : pending.grantedOfBroadcasts(now, settings.batch())) {
            if (stopping) {
                break;
            }
            if (pending.claim(row.id(), now, now.plus(settings.deliveryLease()))) {
                deliverBroadcast(row);
                delivered++;
            }
        }
        return delivered;
    }

    void act(List<PendingMessage> decided) {
        for (PendingMessage row : decided) {
            try {
                if (stopping && row.status() == PendingMessage.Status.GRANTED && row.externalTaskId() != null) {
                    // Decided, not sent: its task is handed back; whoever fetches it sends it (see take()).
                    unlock(List.of(row.externalTaskId()), "stopping");
                    continue;
                }
                if (row.broadcastId() != null) {
                    actOnBroadcast(row);
                } else if (row.externalTaskId() != null) {
                    actOnTask(row);
                }
            } catch (RuntimeException e) {
                log.warn("Message {} could not be completed after its decision ({}); the next round retries it",
                        row.id(), e.toString());
            }
        }
    }

    private void actOnTask(PendingMessage row) {
        if (row.status() == PendingMessage.Status.CANCELLED) {
            return;
        }
        ExternalTask task = externalTasks.createExternalTaskQuery().externalTaskId(row.externalTaskId())
                .singleResult();
        if (task == null) {
            pending.update(row.id(), PendingMessage.Status.CANCELLED, "the scenario moved on before the send", null,
                    clock.instant());
            return;
        }
        SendRequest request = requests.from(task, runtime.getVariables(task.getExecutionId()), row.channel());
        if (row.status() == PendingMessage.Status.GRANTED) {
            if (!keepLocked(task)) {
                return;
            }
            deliver(row, task, request);
        } else if (row.status() == PendingMessage.Status.SUPPRESSED) {
            complete(task, messaging.recordSuppressed(messaging.check(request).request(), row.id(), row.reason(),
                    row.winnerId()));
        }
    }

    private void deliver(PendingMessage row, ExternalTask task, SendRequest request) {
        SendOutcome outcome;
        try {
            outcome = messaging.sendGranted(request, row.id());
        } catch (RuntimeException e) {
            fail(task.getId(), task.getRetries(), e);
            return;
        }
        pending.update(row.id(), status(outcome), outcome.reason(), row.winnerId(), clock.instant());
        if (outcome.status() == SendStatus.SENT) {
            try {
                channelMix.emailSent(request, outcome.communicationId());
            } catch (RuntimeException e) {
                log.error("Email {} '{}' to contact {} was sent, but its SMS follow-up could not start: {}",
                        outcome.communicationId(), request.messageType(), request.contactId(), e.toString(), e);
            }
        }
        complete(task, outcome);
    }

    private void actOnBroadcast(PendingMessage row) {
        if (row.status() == PendingMessage.Status.GRANTED) {
            deliverBroadcast(row);
        } else if (row.status() == PendingMessage.Status.SUPPRESSED) {
            SendRequest request = broadcasts.request(row);
            messaging.recordSuppressed(messaging.check(request).request(), row.id(), row.reason(), row.winnerId());
        }
    }

    private void deliverBroadcast(PendingMessage row) {
        SendRequest request = broadcasts.request(row);
        try {
            SendOutcome outcome = messaging.sendGranted(request, row.id());
            pending.update(row.id(), status(outcome), outcome.reason(), row.winnerId(), clock.instant());
            metrics.broadcastDelivery(outcome.status().key());
        } catch (SendOutcomeUnknownException e) {
            pending.update(row.id(), PendingMessage.Status.FAILED, e.getMessage(), null, clock.instant());
            metrics.broadcastDelivery("failed");
        } catch (RuntimeException e) {
            metrics.broadcastDelivery("retried");
            log.warn("Broadcast message {} to contact {} not sent, retried in {}: {}", row.id(), row.contactId(),
                    RETRY_TIMEOUT, e.toString());
            pending.postpone(row.id(), clock.instant().plus(RETRY_TIMEOUT));
        }
    }

    /**
     * Keeps a send task locked while this node works on it: extended to a full {@code lock} when less than half of it
     * is left. False when its lock ran out (another node may have fetched it since): whoever fetches it next does the
     * work, and this node leaves it.
     */
    private boolean keepLocked(ExternalTask task) {
        java.util.Date expires = task.getLockExpirationTime();
        if (expires != null && expires.toInstant().isAfter(clock.instant().plus(settings.lock().dividedBy(2)))) {
            return true;
        }
        try {
            externalTasks.extendLock(task.getId(), WORKER_ID, settings.lock().toMillis());
            return true;
        } catch (org.camunda.bpm.engine.BadUserRequestException e) {
            // The lock expired, or the task ended meanwhile (NotFoundException is one of these too).
            log.info("Send task {} left to the next fetch: {}", task.getId(), e.getMessage());
            return false;
        }
    }

    private static PendingMessage.Status status(SendOutcome outcome) {
        return switch (outcome.status()) {
            case SENT, SENDING -> PendingMessage.Status.SENT;
            case SUPPRESSED -> PendingMessage.Status.SUPPRESSED;
            case FAILED -> PendingMessage.Status.FAILED;
        };
    }

    private void complete(ExternalTask task, SendOutcome outcome) {
        VariableMap variables = Variables.createVariables()
                .putValue(ScenarioVariables.SEND_STATUS.name(), outcome.status().key())
                .putValue(ScenarioVariables.SEND_REASON.name(), outcome.reason())
                .putValue(ScenarioVariables.COMMUNICATION_ID.name(), outcome.communicationId());
        try {
            if (outcome.status() == SendStatus.FAILED) {
                externalTasks.handleBpmnError(task.getId(), WORKER_ID, SendOutputs.ERROR_SEND_FAILED,
                        outcome.reason(), variables);
            } else {
                externalTasks.complete(task.getId(), WORKER_ID, variables);
            }
        } catch (NotFoundException e) {
            log.info("Send task {} ended meanwhile (its scenario moved on); outcome {} kept in the log",
                    task.getId(), outcome.status().key());
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
                    Math.max(left, 0), RETRY_TIMEOUT.toMillis());
        } catch (NotFoundException gone) {
            log.info("Send task {} ended meanwhile", taskId);
        }
    }

    private static String truncate(String message) {
        return message == null ? "send failed" : message.length() > 600 ? message.substring(0, 599) + "…" : message;
    }
}
