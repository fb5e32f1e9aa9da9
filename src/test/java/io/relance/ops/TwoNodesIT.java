package io.relance.ops;

import io.relance.channel.SendOutcomeUnknownException;
import io.relance.scenario.BroadcastScenario;
import io.relance.scenario.EventType;
import io.relance.scenario.FirstPurchase;
import io.relance.scenario.Transactional;
import io.relance.scenario.Welcome;
import io.relance.support.ApiClient;
import io.relance.support.MariaDb;
import io.relance.support.RelanceJvm;
import io.relance.support.ScratchDatabase;
import io.relance.support.SlowSmtp;
import io.relance.support.TestSmtp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes ({@link RelanceJvm}: the application in JVMs of their own) on one MariaDB database (a
 * {@link ScratchDatabase}), a real SMTP server in the test ({@link SlowSmtp}, 0.2 s a message, counting what it
 * accepted per recipient, per node and per {@code X-Relance-Communication} id). Proven, in this order:
 * <ol>
 * <li><b>Both nodes take work.</b> 200 contacts. {@code NewsletterSubscribed} (welcome email: commercial, through the
 * arbitration and the delivery threads) and {@code OrderPlaced} (order confirmation: transactional, a job) for 100 of
 * them, spread over both nodes; every tenth event id is posted to both nodes at once: it is taken in once (one
 * {@code 202}, the other answer {@code 200} with the same receipt). Then a newsletter broadcast to 80 others.</li>
 * <li><b>A node killed mid-delivery.</b> While the broadcast, the welcome emails and the confirmations are going out,
 * the SMTP server keeps a message of each kind from node A unanswered (its data received) and node A gets SIGKILL.
 * Node B finishes everything A held once A's locks run out (send tasks, delivery leases, jobs: shortened here by the
 * settings {@link #SEND_TASK_LOCK}, {@link #DELIVERY_LEASE}, {@link #JOB_LOCK} + {@link #JOB_ACQUISITION_MAX_WAIT}),
 * within the longest of them plus {@link #RECOVERY_MARGIN}; events whose request died with A are posted again to B
 * and answered once. A message A was handing over is never sent again: its communication stays {@code sending} with
 * an incident on its send task (scenario messages) or counted {@code failed} in its broadcast.</li>
 * <li><b>The killed node joins again</b>: restarted on the same database, ready, and it delivers work of its own.</li>
 * <li><b>The SMTP server down for {@link #OUTAGE}</b> while events keep arriving on both nodes: once it is back,
 * everything is delivered, without an incident.</li>
 * <li><b>In the end</b> every contact received exactly the messages it should have (welcome, newsletter, one
 * confirmation per order), none twice, none missing but those whose outcome the kill made unknown; the communication
 * log agrees with what the SMTP server accepted; every scenario instance is where it should be (welcome instances
 * waiting for a reaction, order instances ended, the broadcast's ended; no send task or job left but those with an
 * incident).</li>
 * </ol>
 * The recovery and catch-up times are printed ({@code [TwoNodesIT ...]} lines), with the tails of the node logs on a
 * failure (the whole logs stay under {@code target/two-nodes-it/}).
 */
@MariaDb
class TwoNodesIT {

    /** Contacts 0..99: welcome email and order confirmation. */
    static final int WELCOME = 100;
    /** Contacts 100..179: the broadcast's newsletter and an order confirmation. */
    static final int BROADCAST = 80;
    /** Contacts 180..199: welcome email and order confirmation, both while the SMTP server is down. */
    static final int LATE = 20;
    static final int CONTACTS = WELCOME + BROADCAST + LATE;
    /** Second orders of contacts 0..19, posted to the restarted node. */
    static final int REJOIN_ORDERS = 20;
    /** Second orders of contacts 20..39, posted while the SMTP server is down. */
    static final int OUTAGE_ORDERS = 20;
    /** Event ids of the welcome group posted to both nodes at once (every tenth welcome and order event). */
    static final int DUPLICATES = WELCOME / 10 * 2;
    static final long SMTP_DELAY_MILLIS = 200;

    /** Recovery settings of both nodes (defaults: PT30S, PT30S, 60 s, 60 s), shortened to keep the run short. */
    static final Duration SEND_TASK_LOCK = Duration.ofSeconds(15);
    static final Duration DELIVERY_LEASE = Duration.ofSeconds(15);
    static final Duration JOB_LOCK = Duration.ofSeconds(20);
    /**
     * The longest pause of a node's job acquisition when it found nothing to do (Camunda's default: 60 s): a job
     * freed by a lock running out, or due again after a failure, waits for it on a node with nothing else to do.
     */
    static final Duration JOB_ACQUISITION_MAX_WAIT = Duration.ofSeconds(10);
    /** What the survivor may take beyond the longest lock to finish the dead node's work (polling, its own backlog). */
    static final Duration RECOVERY_MARGIN = Duration.ofSeconds(20);
    static final Duration OUTAGE = Duration.ofSeconds(40);
    /**
     * How long the SMTP server may keep node A's messages unanswered before A is killed, waiting for one of each kind
     * (welcome, newsletter, confirmation): below A's SMTP read timeout (10 s), after which A itself would find the
     * outcome unknown.
     */
    static final Duration IN_HAND_AT_MOST = Duration.ofSeconds(8);
    /** Events arrive during this first part of the outage (their retries then come after it). */
    static final Duration OUTAGE_EVENTS_DURING = Duration.ofSeconds(15);

    static final String ADMIN_PASSWORD = "admin-secret-for-two-nodes";
    static final String INTEGRATION_PASSWORD = "integration-secret-for-two-nodes";
    static final String NODE_A = "node-a";
    static final String NODE_B = "node-b";
    static final String NODE_A_RESTARTED = "node-a-restarted";
    static final String NEWSLETTER = "newsletter";
    static final String WELCOME_TYPE = Welcome.MESSAGE_TYPE_WELCOME;
    static final String CONFIRMATION = Transactional.MESSAGE_TYPE_ORDER_CONFIRMATION;
    static final String BROADCAST_END = "EndEvent_Registered";

    private final long started = System.nanoTime();
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final AtomicReferenceArray<RelanceJvm> nodes = new AtomicReferenceArray<>(2);
    private final List<RelanceJvm> everyJvm = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Per contact, per message type: the messages it should receive (from the events taken in). */
    private final Map<String, Map<String, AtomicInteger>> expected = new ConcurrentHashMap<>();
    private final Set<String> acceptedEvents = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failovers = new AtomicInteger();
    /** Post events (and create contacts) in parallel, as several integrating systems would. */
    private final ExecutorService posters = Executors.newFixedThreadPool(4);
    /** Post the same event to both nodes at once. */
    private final ExecutorService pairs = Executors.newCachedThreadPool();
    private ScratchDatabase db;
    private SlowSmtp smtp;
    private Path logs;

    @Test
    void aKilledNodeAndAnSmtpOutageLoseAndRepeatNothing() throws Exception {
        logs = Files.createDirectories(Path.of("target", "two-nodes-it", run));
        try (SlowSmtp server = new SlowSmtp(SMTP_DELAY_MILLIS); ScratchDatabase database =
                ScratchDatabase.create("two_nodes")) {
            smtp = server;
            db = database;
            try {
                scenario();
            } catch (Throwable failure) {
                String tails = everyJvm.stream().map(j -> "----- " + j.name() + " (pid " + j.process().pid()
                        + ", last lines) -----\n" + j.tail()).collect(Collectors.joining("\n"));
                step("FAILED: " + failure + "\n" + tails);
                failure.addSuppressed(new AssertionError("node logs (whole logs in " + logs.toAbsolutePath()
                        + "):\n" + tails));
                throw failure;
            } finally {
                posters.shutdownNow();
                pairs.shutdownNow();
                for (RelanceJvm jvm : everyJvm) {
                    jvm.ensureEnded();
                }
            }
        }
    }

    private void scenario() throws Exception {
        // 1. Node A on the empty database first (Camunda creates its tables), then B, while A takes the contacts.
        step("starting " + NODE_A + " on " + db.name() + ", SMTP on port " + smtp.port());
        RelanceJvm a = start(NODE_A, NODE_A);
        nodes.set(0, a);
        step(NODE_A + " ready; starting " + NODE_B);
        RelanceJvm b = launch(NODE_B, NODE_B);
        List<Future<?>> contacts = new ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            int n = i;
            String group = n < WELCOME ? "welcome" : n < WELCOME + BROADCAST ? "broadcast" : "late";
            contacts.add(posters.submit(() -> {
                ApiClient.Response put = a.as("integration", INTEGRATION_PASSWORD).put("/api/contacts/" + contact(n),
                        """
                        {"email": "%s", "locale": "fr-FR", "timeZone": "Europe/Paris",
                         "consents": {"email": {"granted": true}}, "attributes": {"twoNodesGroup": "%s-%s"}}"""
                        .formatted(email(n), group, run));
                assertThat(put.status()).as("contact %d: %s", n, put.body()).isEqualTo(201);
                return put;
            }));
        }
        for (Future<?> put : contacts) {
            put.get(150, TimeUnit.SECONDS);
        }
        step(CONTACTS + " contacts created on " + NODE_A);
        b.awaitReady(Duration.ofSeconds(150));
        nodes.set(1, b);
        step(NODE_B + " ready");

        // 2. Events of the welcome group spread over both nodes, some posted to both at once; then the broadcast.
        List<Future<?>> phase1 = new ArrayList<>();
        List<DuplicatePair> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < WELCOME; i++) {
            int n = i;
            String welcome = event("welcome-" + n, EventType.NEWSLETTER_SUBSCRIBED, contact(n),
                    "{\"source\": \"checkout\"}");
            phase1.add(posters.submit(() -> n % 10 == 0
                    ? duplicates.add(postToBoth(welcome, contact(n), WELCOME_TYPE))
                    : accept(post(n % 2, welcome), contact(n), WELCOME_TYPE)));
            String order = order("order-" + n, n);
            phase1.add(posters.submit(() -> n % 10 == 5
                    ? duplicates.add(postToBoth(order, contact(n), CONFIRMATION))
                    : accept(post((n + 1) % 2, order), contact(n), CONFIRMATION)));
        }
        step("posting " + 2 * WELCOME + " events (" + DUPLICATES + " of them to both nodes at once)");
        RelanceJvm.waitFor(() -> {
            Map<String, Integer> sent = sentPerType();
            return sent.getOrDefault(WELCOME_TYPE, 0) >= 5 && sent.getOrDefault(CONFIRMATION, 0) >= 5;
        }, Duration.ofSeconds(90), () -> "the first welcome emails and confirmations (sent so far: " + sentPerType()
                + ")");

        // 3. SIGKILL to node A while it hands messages over: the welcome emails, confirmations and the broadcast going
        // out. The SMTP server keeps the first message of each kind from A unanswered (not longer than A's read
        // timeout, 10 s); the broadcast starts meanwhile.
        Map<String, String> inHand = new ConcurrentHashMap<>();
        AtomicLong firstHeld = new AtomicLong();
        smtp.hold(NODE_A, communicationId -> {
            String type = communicationId == null ? null : messageTypeOf(communicationId);
            boolean first = type != null && inHand.putIfAbsent(type, communicationId) == null;
            if (first) {
                firstHeld.compareAndSet(0, System.nanoTime());
            }
            return first;
        });
        ApiClient.Response broadcast = b.as("admin", ADMIN_PASSWORD).post("/api/broadcasts", """
                {"name": "Two nodes", "messageType": "%s", "channel": "email",
                 "segment": {"twoNodesGroup": "broadcast-%s"}}""".formatted(NEWSLETTER, run));
        assertThat(broadcast.status()).as("broadcast: " + broadcast.body()).isEqualTo(202);
        String broadcastId = broadcast.json().path("broadcastId").asText();
        for (int i = WELCOME; i < WELCOME + BROADCAST; i++) {
            expect(contact(i), NEWSLETTER);
        }
        step("broadcast " + broadcastId + " started; sent so far " + sentPerType());
        // Killed once the broadcast is going out (a newsletter accepted) and A holds one message of each kind, or
        // has held its first for long enough: A may have claimed the first newsletters itself and hold one of them.
        RelanceJvm.waitFor(() -> sentPerType().getOrDefault(NEWSLETTER, 0) > 0 && (inHand.size() == 3
                        || firstHeld.get() != 0 && System.nanoTime() - firstHeld.get() > IN_HAND_AT_MOST.toNanos()),
                Duration.ofSeconds(60), () -> NODE_A + " handing a message of each kind over while the broadcast goes"
                        + " out (in hand: " + inHand.keySet() + ", sent so far: " + sentPerType() + ")");
        Map<String, String> inHandAtKill = new TreeMap<>(inHand);
        long killed = System.nanoTime();
        int exit = a.kill();
        nodes.set(0, null);
        smtp.release(NODE_A);
        Map<String, Integer> sentAtKill = sentPerType();
        step("killed " + NODE_A + " (SIGKILL, exit " + exit + ") while it was handing over " + inHandAtKill.keySet()
                + "; sent so far " + sentAtKill + ", per node " + smtp.perClient());
        assertThat(exit).as("SIGKILL").isEqualTo(137);
        assertThat(sentAtKill.getOrDefault(NEWSLETTER, 0)).as("the broadcast was being delivered at the kill")
                .isBetween(1, BROADCAST - 1);
        Snapshot atKill = snapshot();
        step("held at the kill: " + atKill);

        // 4. Node B finishes A's work once A's locks run out.
        // A job freed by its lock may wait for the next acquisition of a node that found nothing to do.
        Duration longestLock = List.of(SEND_TASK_LOCK, DELIVERY_LEASE, JOB_LOCK.plus(JOB_ACQUISITION_MAX_WAIT))
                .stream().max(Duration::compareTo).orElseThrow();
        Duration recoveryBudget = longestLock.plus(RECOVERY_MARGIN);
        Map<String, Double> resolvedAfter = new TreeMap<>();
        RelanceJvm.waitFor(() -> {
            atKill.resolved(this).forEach((what, done) -> {
                if (done) {
                    resolvedAfter.putIfAbsent(what, seconds(killed));
                }
            });
            return resolvedAfter.size() == 4;
        }, recoveryBudget, () -> "what " + NODE_A + " held to be finished (done after, s: " + resolvedAfter + ")");
        for (Future<?> post : phase1) {
            post.get(recoveryBudget.toSeconds(), TimeUnit.SECONDS);
        }
        RelanceJvm.waitFor(() -> missing().isEmpty(), recoveryBudget.minus(Duration.ofNanos(System.nanoTime()
                - killed)).plusSeconds(1), () -> "every message of the first part (missing: " + abbreviated(missing())
                + ")");
        double recovered = seconds(killed);
        Set<String> unknownAtKill = communications().stream().filter(c -> c.status().equals("SENDING"))
                .map(Communication::id).collect(Collectors.toSet());
        Map<String, Integer> received = smtp.perCommunication();
        step("recovered " + recovered + " s after the kill (what " + NODE_A + " held, done after s: " + resolvedAfter
                + "); outcome unknown: " + unknownAtKill.stream().map(id -> atKill.sending().get(id) + (received
                .containsKey(id) ? " (accepted by the SMTP server)" : " (not accepted)")).sorted().toList()
                + "; events posted again after the kill: "
                + failovers.get() + "; per node " + smtp.perClient());
        assertThat(recovered).as("the survivor finished the dead node's work within its longest lock (%s) + %s",
                longestLock, RECOVERY_MARGIN).isLessThanOrEqualTo((double) recoveryBudget.toSeconds());
        assertThat(unknownAtKill).as("the messages %s was handing over stay 'sending' (never sent again)", NODE_A)
                .containsAll(inHandAtKill.values()).isSubsetOf(atKill.sending().keySet());
        assertThat(smtp.perClient().getOrDefault(NODE_B, 0)).as("%s delivered", NODE_B).isPositive();

        // 5. Node A restarted: ready, and it takes work (second orders posted to it).
        RelanceJvm restarted = start(NODE_A_RESTARTED, NODE_A_RESTARTED);
        nodes.set(0, restarted);
        step(NODE_A + " restarted and ready");
        List<Future<?>> rejoin = new ArrayList<>();
        for (int i = 0; i < REJOIN_ORDERS; i++) {
            int n = i;
            rejoin.add(posters.submit(() -> accept(post(0, order("second-order-" + n, n)), contact(n),
                    CONFIRMATION)));
        }
        for (Future<?> post : rejoin) {
            post.get(60, TimeUnit.SECONDS);
        }
        RelanceJvm.waitFor(() -> missing().isEmpty(), Duration.ofSeconds(60), () -> "the confirmations of the orders"
                + " posted to the restarted node (missing: " + abbreviated(missing()) + ")");
        step("second orders delivered; per node " + smtp.perClient());
        assertThat(smtp.perClient().getOrDefault(NODE_A_RESTARTED, 0)).as("the restarted node delivers too: "
                + smtp.perClient()).isPositive();

        // 6. The SMTP server down while events keep arriving on both nodes; back after OUTAGE.
        int incidentsBefore = incidents().size();
        smtp.goDown();
        long down = System.nanoTime();
        step("SMTP server down");
        List<String> outageEvents = new ArrayList<>();
        List<String> outageContacts = new ArrayList<>();
        for (int i = WELCOME + BROADCAST; i < CONTACTS; i++) {
            outageEvents.add(event("welcome-" + i, EventType.NEWSLETTER_SUBSCRIBED, contact(i),
                    "{\"source\": \"popup\"}"));
            outageContacts.add(contact(i) + " " + WELCOME_TYPE);
            outageEvents.add(order("order-" + i, i));
            outageContacts.add(contact(i) + " " + CONFIRMATION);
        }
        for (int i = REJOIN_ORDERS; i < REJOIN_ORDERS + OUTAGE_ORDERS; i++) {
            outageEvents.add(order("second-order-" + i, i));
            outageContacts.add(contact(i) + " " + CONFIRMATION);
        }
        long pace = OUTAGE_EVENTS_DURING.toNanos() / outageEvents.size();
        for (int i = 0; i < outageEvents.size(); i++) {
            String[] target = outageContacts.get(i).split(" ");
            ApiClient.Response answer = post(i % 2, outageEvents.get(i));
            accept(answer, target[0], target[1]);
            long next = down + (i + 1) * pace;
            // Events at the pace an integrating system sends them; the outage lasts its time whatever happens.
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
        }
        step(outageEvents.size() + " events taken in while the SMTP server is down");
        TimeUnit.NANOSECONDS.sleep(Math.max(0, down + OUTAGE.toNanos() - System.nanoTime()));
        long retriedSends = everyJvm.stream().flatMap(j -> j.lines().stream())
                .filter(l -> l.contains("status=retry")).count();
        smtp.comeBack();
        long back = System.nanoTime();
        step("SMTP server back after " + seconds(down) + " s (" + retriedSends + " send attempts failed meanwhile)");
        assertThat(retriedSends).as("sends were attempted, and failed, while the SMTP server was down").isPositive();
        RelanceJvm.waitFor(() -> missing().isEmpty(), Duration.ofSeconds(100), () -> "every message after the"
                + " outage (missing: " + abbreviated(missing()) + ")");
        double caughtUp = seconds(back);
        step("every message delivered " + caughtUp + " s after the SMTP server came back; per node "
                + smtp.perClient());
        assertThat(incidents()).as("the outage raised no incident (retried until the server was back)")
                .hasSize(incidentsBefore);

        // 7. The whole run.
        assertEventsTakenInOnce(duplicates);
        assertMessagesPerContact(unknownAtKill);
        assertUnknownOutcomesShownToAnOperator(unknownAtKill, broadcastId);
        assertInstancesWhereTheyShouldBe(unknownAtKill);
        step(String.format(Locale.ROOT, "DONE: %d messages accepted by the SMTP server (%s), %d outcome unknown at"
                        + " the kill, recovery %.1f s after the kill (send-task lock %s, delivery lease %s, job lock"
                        + " %s, job acquisition max wait %s), catch-up %.1f s after a %d s outage", smtp.total(),
                smtp.perClient(), unknownAtKill.size(), recovered, SEND_TASK_LOCK, DELIVERY_LEASE, JOB_LOCK,
                JOB_ACQUISITION_MAX_WAIT, caughtUp, OUTAGE.toSeconds()));
    }

    // ----- the nodes -----------------------------------------------------------------------------------------------

    /**
     * JVM options of the nodes: C1 only and the serial collector spare the CPU of a small machine where two nodes, the
     * test and MariaDB share two cores (the work here is short; peak throughput does not matter).
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** Launches a node (its log {@code <name>.log}; {@code smtpClientName}: its EHLO name). */
    private RelanceJvm launch(String name, String smtpClientName) throws IOException {
        RelanceJvm jvm = RelanceJvm.launch(name, logs, TestSmtp.freePort(), JVM_OPTIONS, arguments(smtpClientName),
                environment());
        everyJvm.add(jvm);
        return jvm;
    }

    private RelanceJvm start(String name, String smtpClientName) throws IOException, InterruptedException {
        RelanceJvm jvm = launch(name, smtpClientName);
        jvm.awaitReady(Duration.ofSeconds(150));
        return jvm;
    }

    private List<String> arguments(String smtpClientName) {
        return List.of(
                "--spring.profiles.active=mariadb",
                "--spring.datasource.url=" + db.url(),
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.port(),
                // The name the node gives in EHLO: the SMTP server counts per node.
                "--spring.mail.properties.mail.smtp.localhost=" + smtpClientName,
                // Decided as soon as due, whatever the time of day the test runs at.
                "--relance.pressure.send-slot=",
                "--relance.pressure.quiet-hours.email.from=00:00", "--relance.pressure.quiet-hours.email.to=00:00",
                "--relance.pressure.quiet-hours.email.sundays=false",
                "--relance.pressure.dispatcher.interval=PT0.2S",
                "--relance.pressure.dispatcher.lock=" + SEND_TASK_LOCK,
                "--relance.pressure.dispatcher.delivery-lease=" + DELIVERY_LEASE,
                "--camunda.bpm.job-execution.lock-time-in-millis=" + JOB_LOCK.toMillis(),
                "--camunda.bpm.job-execution.max-wait=" + JOB_ACQUISITION_MAX_WAIT.toMillis());
    }

    private Map<String, String> environment() {
        return Map.of("RELANCE_ADMIN_PASSWORD", ADMIN_PASSWORD, "RELANCE_INTEGRATION_PASSWORD", INTEGRATION_PASSWORD,
                "DB_URL", db.url(), "DB_USER", MariaDb.Condition.user(), "DB_PASSWORD", MariaDb.Condition.password());
    }

    // ----- events --------------------------------------------------------------------------------------------------

    private String contact(int i) {
        return "tn-" + run + "-" + i;
    }

    private String email(int i) {
        return contact(i) + "@example.com";
    }

    private String event(String id, String type, String contactId, String data) {
        return """
                {"eventId": "%s-%s", "type": "%s", "contactId": "%s", "occurredAt": "%s", "data": %s}"""
                .formatted(id, run, type, contactId, Instant.now(), data);
    }

    private String order(String id, int i) {
        return event(id, EventType.ORDER_PLACED, contact(i), "{\"orderId\": \"%s-%s\", \"amount\": 42.5,"
                .formatted(id, run) + " \"firstOrder\": false}");
    }

    /**
     * Posts an event to that node (0: A, 1: B); when the node is down or dies during the request, the same event goes
     * to the other node, as an integrating system would do (the event id makes it idempotent). A busy answer (503) is
     * tried again.
     */
    private ApiClient.Response post(int preferred, String body) {
        int node = preferred;
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < until) {
            RelanceJvm jvm = nodes.get(node);
            if (jvm == null) {
                node = 1 - node;
                if (nodes.get(node) == null) {
                    throw new AssertionError("no node to post to");
                }
                continue;
            }
            try {
                ApiClient.Response answer = jvm.as("integration", INTEGRATION_PASSWORD).post("/api/events", body);
                if (answer.status() != 503) {
                    return answer;
                }
            } catch (UncheckedIOException gone) {
                failovers.incrementAndGet();
                node = 1 - node;
                continue;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no node took the event within 90 s: " + body);
    }

    /** An event's answer: taken in (202) or answered as before (200); its message is then expected once. */
    private boolean accept(ApiClient.Response answer, String contactId, String messageType) {
        assertThat(answer.status()).as("event for %s: %s", contactId, answer.body()).isIn(200, 202);
        if (acceptedEvents.add(answer.json().path("eventId").asText())) {
            expect(contactId, messageType);
        }
        return true;
    }

    private void expect(String contactId, String messageType) {
        expected.computeIfAbsent(contactId, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(messageType, t -> new AtomicInteger()).incrementAndGet();
    }

    /** The same event posted to both nodes at once. */
    private DuplicatePair postToBoth(String body, String contactId, String messageType)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Future<ApiClient.Response> toA = pairs.submit(() -> {
            go.await();
            return post(0, body);
        });
        Future<ApiClient.Response> toB = pairs.submit(() -> {
            go.await();
            return post(1, body);
        });
        go.countDown();
        DuplicatePair pair = new DuplicatePair(body, toA.get(90, TimeUnit.SECONDS), toB.get(90, TimeUnit.SECONDS));
        accept(pair.first(), contactId, messageType);
        accept(pair.second(), contactId, messageType);
        return pair;
    }

    record DuplicatePair(String body, ApiClient.Response first, ApiClient.Response second) {
    }

    // ----- what the database holds ---------------------------------------------------------------------------------

    record Communication(String id, String contactId, String messageType, String category, String status,
                         String idempotencyKey, String processInstanceId, String reason) {
    }

    private List<Communication> communications() {
        return query("SELECT id, contact_id, message_type, category, status, idempotency_key, process_instance_id,"
                + " reason FROM communication WHERE contact_id LIKE ?", r -> new Communication(r.getString(1),
                r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
                r.getString(8)), "tn-" + run + "-%");
    }

    private String messageTypeOf(String communicationId) {
        List<String> types = query("SELECT message_type FROM communication WHERE id = ?", r -> r.getString(1),
                communicationId);
        return types.isEmpty() ? null : types.get(0);
    }

    private Map<String, Integer> sentPerType() {
        Map<String, Integer> sent = new TreeMap<>();
        query("SELECT message_type, COUNT(*) FROM communication WHERE status = 'SENT' GROUP BY message_type",
                r -> sent.put(r.getString(1), r.getInt(2)));
        return sent;
    }

    record Incident(String type, String message, String processInstanceId, String activityId, String configuration) {
    }

    private List<Incident> incidents() {
        return query("SELECT INCIDENT_TYPE_, INCIDENT_MSG_, PROC_INST_ID_, ACTIVITY_ID_, CONFIGURATION_ FROM"
                + " ACT_RU_INCIDENT", r -> new Incident(r.getString(1), r.getString(2), r.getString(3),
                r.getString(4), r.getString(5)));
    }

    /** What was in hand when node A was killed (both nodes': B's own is finished at once). */
    record Snapshot(Set<String> lockedJobs, Set<String> lockedSendTasks, Map<String, String> sending,
                    Set<String> grantedMessages) {

        /** Per kind: is all of it finished (done, or stopped with an incident / counted failed)? */
        Map<String, Boolean> resolved(TwoNodesIT test) {
            Map<String, Boolean> resolved = new LinkedHashMap<>();
            Set<String> jobsLeft = new HashSet<>(test.query("SELECT ID_ FROM ACT_RU_JOB WHERE RETRIES_ > 0",
                    r -> r.getString(1)));
            jobsLeft.retainAll(lockedJobs);
            resolved.put("jobs", jobsLeft.isEmpty());
            Set<String> tasksLeft = new HashSet<>(test.query("SELECT ID_ FROM ACT_RU_EXT_TASK WHERE RETRIES_ IS NULL"
                    + " OR RETRIES_ > 0", r -> r.getString(1)));
            tasksLeft.retainAll(lockedSendTasks);
            resolved.put("send tasks", tasksLeft.isEmpty());
            Set<String> stillSending = new HashSet<>(test.query("SELECT id FROM communication WHERE status ="
                    + " 'SENDING'", r -> r.getString(1)));
            stillSending.retainAll(sending.keySet());
            stillSending.removeAll(test.signalled());
            resolved.put("messages in flight", stillSending.isEmpty());
            Set<String> grantedLeft = new HashSet<>(test.query("SELECT id FROM pending_message WHERE status ="
                    + " 'GRANTED' AND decide_at < '9000-01-01'", r -> r.getString(1)));
            grantedLeft.retainAll(grantedMessages);
            resolved.put("granted messages", grantedLeft.isEmpty());
            return resolved;
        }

        @Override
        public String toString() {
            return lockedJobs.size() + " locked jobs, " + lockedSendTasks.size() + " locked send tasks, "
                    + sending.size() + " messages being sent " + new TreeMap<>(sending.values().stream().collect(
                    Collectors.groupingBy(t -> t, Collectors.counting()))) + ", " + grantedMessages.size()
                    + " granted messages not yet sent";
        }
    }

    private Snapshot snapshot() {
        Map<String, String> sending = new HashMap<>();
        query("SELECT id, message_type FROM communication WHERE status = 'SENDING'",
                r -> sending.put(r.getString(1), r.getString(2)));
        return new Snapshot(
                new HashSet<>(query("SELECT ID_ FROM ACT_RU_JOB WHERE LOCK_OWNER_ IS NOT NULL", r -> r.getString(1))),
                new HashSet<>(query("SELECT ID_ FROM ACT_RU_EXT_TASK WHERE WORKER_ID_ IS NOT NULL",
                        r -> r.getString(1))),
                sending,
                new HashSet<>(query("SELECT id FROM pending_message WHERE status = 'GRANTED'", r -> r.getString(1))));
    }

    /**
     * The communications whose unknown outcome an operator is shown: named by an incident (a scenario's send task),
     * or counted failed in their broadcast (the pending message of a broadcast has the communication's id).
     */
    private Set<String> signalled() {
        Set<String> signalled = new HashSet<>();
        List<String> messages = incidents().stream().map(Incident::message).filter(m -> m != null).toList();
        for (String id : query("SELECT id FROM communication WHERE status = 'SENDING'", r -> r.getString(1))) {
            if (messages.stream().anyMatch(m -> m.contains(id))) {
                signalled.add(id);
            }
        }
        signalled.addAll(query("SELECT p.id FROM pending_message p WHERE p.status = 'FAILED' AND p.broadcast_id IS"
                + " NOT NULL", r -> r.getString(1)));
        return signalled;
    }

    /**
     * The expected messages not accounted for yet ("contact type: expected n, sent m"): accounted is sent, or
     * {@code sending} with its operator signal (an outcome the kill made unknown).
     */
    private List<String> missing() {
        Map<String, Map<String, Integer>> accounted = new HashMap<>();
        Set<String> signalled = signalled();
        for (Communication c : communications()) {
            if (c.status().equals("SENT") || (c.status().equals("SENDING") && signalled.contains(c.id()))) {
                accounted.computeIfAbsent(c.contactId(), k -> new HashMap<>()).merge(c.messageType(), 1,
                        Integer::sum);
            }
        }
        List<String> missing = new ArrayList<>();
        expected.forEach((contactId, types) -> types.forEach((type, count) -> {
            int done = accounted.getOrDefault(contactId, Map.of()).getOrDefault(type, 0);
            if (done != count.get()) {
                missing.add(contactId + " " + type + ": expected " + count.get() + ", accounted " + done);
            }
        }));
        return missing;
    }

    private static String abbreviated(List<String> lines) {
        return lines.size() <= 5 ? lines.toString() : lines.subList(0, 5) + " and " + (lines.size() - 5) + " more";
    }

    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    <T> List<T> query(String sql, Row<T> mapper, Object... parameters) {
        try (Connection connection = db.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(mapper.map(result));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    // ----- the final assertions ------------------------------------------------------------------------------------

    private void assertEventsTakenInOnce(List<DuplicatePair> duplicates) {
        assertThat(duplicates).as("event ids posted to both nodes at once").hasSize(DUPLICATES);
        for (DuplicatePair pair : duplicates) {
            List<Integer> statuses = List.of(pair.first().status(), pair.second().status());
            // One answer takes the event in (202), the other repeats it (200); both repeat it when a request was taken
            // in by the killed node, which died before answering, and then posted again to the other node.
            assertThat(statuses.stream().filter(status -> status == 202).count())
                    .as("the event was taken in by one request only: " + statuses + " " + pair.body())
                    .isLessThanOrEqualTo(1);
            ApiClient.Response replay = pair.first().status() == 200 ? pair.first() : pair.second();
            assertThat(replay.status()).as("the other answer repeats it: " + statuses).isEqualTo(200);
            assertThat(replay.header("Idempotent-Replayed")).as("the repeat says so").isEqualTo("true");
            assertThat(pair.first().json().path("startedInstances"))
                    .as("both answers name the same instances: " + pair.body())
                    .isEqualTo(pair.second().json().path("startedInstances"));
        }
        List<String> recorded = query("SELECT event_id FROM inbound_event WHERE contact_id LIKE ?", r -> r.getString(1),
                "tn-" + run + "-%");
        assertThat(recorded).as("each event recorded once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(acceptedEvents);
    }

    private void assertMessagesPerContact(Set<String> unknownAtKill) {
        List<Communication> log = communications();
        Map<String, Integer> received = smtp.perCommunication();
        Map<String, Communication> byId = log.stream().collect(Collectors.toMap(Communication::id, c -> c));

        assertThat(received.values()).as("no message accepted twice by the SMTP server: " + received)
                .allMatch(n -> n == 1);
        assertThat(byId.keySet()).as("every message the SMTP server accepted is in the communication log")
                .containsAll(received.keySet());
        assertThat(received.values().stream().mapToInt(Integer::intValue).sum())
                .as("every accepted message carried its communication id").isEqualTo(smtp.total());
        assertThat(log).as("no send failed for good or was held back (nothing to hold back in this run)")
                .allMatch(c -> c.status().equals("SENT") || c.status().equals("SENDING"));
        for (Communication c : log) {
            if (c.status().equals("SENT")) {
                assertThat(received.getOrDefault(c.id(), 0)).as("%s '%s' to %s is logged sent: the SMTP server"
                        + " accepted it once", c.id(), c.messageType(), c.contactId()).isEqualTo(1);
            } else {
                assertThat(unknownAtKill).as("%s '%s' to %s is still 'sending': it was in flight at the kill",
                        c.id(), c.messageType(), c.contactId()).contains(c.id());
            }
        }
        Map<String, Map<String, Integer>> actual = new TreeMap<>();
        for (Communication c : log) {
            actual.computeIfAbsent(c.contactId(), k -> new TreeMap<>()).merge(c.messageType(), 1, Integer::sum);
        }
        Map<String, Map<String, Integer>> wanted = new TreeMap<>();
        expected.forEach((contactId, types) -> types.forEach((type, count) -> wanted.computeIfAbsent(contactId,
                k -> new TreeMap<>()).put(type, count.get())));
        assertThat(wanted).as("contacts with expected messages").hasSize(CONTACTS);
        assertThat(actual).as("per contact and message type: exactly the expected messages, each once (sent, or"
                + " sending with its outcome unknown since the kill)").isEqualTo(wanted);

        Map<String, Integer> perRecipient = smtp.perRecipient();
        for (int i = 0; i < CONTACTS; i++) {
            String contactId = contact(i);
            long accepted = log.stream().filter(c -> c.contactId().equals(contactId))
                    .filter(c -> received.containsKey(c.id())).count();
            assertThat(perRecipient.getOrDefault(email(i), 0)).as("messages the SMTP server accepted for %s",
                    contactId).isEqualTo((int) accepted);
        }
    }

    private void assertUnknownOutcomesShownToAnOperator(Set<String> unknownAtKill, String broadcastId) {
        Map<String, Communication> byId = communications().stream()
                .collect(Collectors.toMap(Communication::id, c -> c));
        List<Incident> incidents = incidents();
        Set<String> failedBroadcastMessages = new HashSet<>(query("SELECT id FROM pending_message WHERE status ="
                + " 'FAILED' AND broadcast_id = ?", r -> r.getString(1), broadcastId));
        int scenarioUnknown = 0;
        for (String id : unknownAtKill) {
            Communication c = byId.get(id);
            if (c.processInstanceId() == null) {
                assertThat(failedBroadcastMessages).as("broadcast message %s (outcome unknown) is counted failed",
                        id).contains(id);
            } else {
                scenarioUnknown++;
                List<Incident> named = incidents.stream().filter(i -> i.message() != null && i.message().contains(id))
                        .toList();
                assertThat(named).as("one incident names the send %s '%s' whose outcome is unknown", id,
                        c.messageType()).hasSize(1);
                Incident incident = named.get(0);
                assertThat(incident.message()).as("the incident says what to do")
                        .startsWith(SendOutcomeUnknownException.MARKER).contains("/outcome");
                assertThat(incident.processInstanceId()).as("on the scenario instance of the send")
                        .isEqualTo(c.processInstanceId());
                assertThat(incident.type()).as("on its send task: a job (transactional) or an arbitrated task")
                        .isEqualTo(c.category().equals("TRANSACTIONAL") ? "failedJob" : "failedExternalTask");
            }
        }
        assertThat(incidents).as("no incident but those of the unknown outcomes").hasSize(scenarioUnknown);
        assertThat(failedBroadcastMessages).as("no broadcast message failed but those whose outcome is unknown")
                .isSubsetOf(unknownAtKill);

        ApiClient.Response progress = nodes.get(1).as("admin", ADMIN_PASSWORD).get("/api/broadcasts/" + broadcastId);
        assertThat(progress.status()).isEqualTo(200);
        assertThat(progress.json().path("recipients").asInt()).as("broadcast recipients").isEqualTo(BROADCAST);
        assertThat(progress.json().path("messages").path("sent").asLong()
                + progress.json().path("messages").path("failed").asLong())
                .as("every broadcast message sent or failed: " + progress.body()).isEqualTo(BROADCAST);
        assertThat(progress.json().path("messages").path("failed").asLong())
                .as("failed = outcome unknown at the kill: " + progress.body())
                .isEqualTo(failedBroadcastMessages.size());
    }

    private void assertInstancesWhereTheyShouldBe(Set<String> unknownAtKill) {
        record Instance(String id, String businessKey, String key, Instant end, String endActivity) {
        }
        List<Instance> instances = query("SELECT PROC_INST_ID_, BUSINESS_KEY_, PROC_DEF_KEY_, END_TIME_, END_ACT_ID_"
                + " FROM ACT_HI_PROCINST", r -> new Instance(r.getString(1), r.getString(2), r.getString(3),
                r.getTimestamp(4) == null ? null : r.getTimestamp(4).toInstant(), r.getString(5)));
        Set<String> withIncident = incidents().stream().map(Incident::processInstanceId).collect(Collectors.toSet());
        Set<String> waitingForReaction = new HashSet<>(query("SELECT PROCESS_INSTANCE_ID_ FROM ACT_RU_JOB WHERE"
                + " TYPE_ = 'timer' AND HANDLER_CFG_ LIKE ?", r -> r.getString(1),
                "%" + Welcome.TIMER_WELCOME_DELAY + "%"));

        Map<String, List<Instance>> welcome = instances.stream().filter(i -> i.key().equals(Welcome.PROCESS_KEY))
                .collect(Collectors.groupingBy(Instance::businessKey));
        Set<String> welcomed = new HashSet<>();
        expected.forEach((contactId, types) -> {
            if (types.containsKey(WELCOME_TYPE)) {
                welcomed.add(contactId);
            }
        });
        assertThat(welcome.keySet()).as("one welcome instance per subscribed contact").isEqualTo(welcomed);
        for (List<Instance> perContact : welcome.values()) {
            assertThat(perContact).as("a repeated event id started nothing twice").hasSize(1);
            Instance instance = perContact.get(0);
            assertThat(instance.end()).as("welcome %s runs on", instance.id()).isNull();
            assertThat(waitingForReaction.contains(instance.id()) || withIncident.contains(instance.id()))
                    .as("welcome %s of %s waits for a reaction after its email (or has the incident of an unknown"
                            + " outcome)", instance.id(), instance.businessKey()).isTrue();
        }

        List<Instance> orders = instances.stream().filter(i -> i.key().equals(Transactional.PROCESS_KEY)).toList();
        Map<String, Long> ordersPerContact = orders.stream().collect(Collectors.groupingBy(Instance::businessKey,
                Collectors.counting()));
        Map<String, Long> confirmations = new HashMap<>();
        expected.forEach((contactId, types) -> {
            if (types.containsKey(CONFIRMATION)) {
                confirmations.put(contactId, (long) types.get(CONFIRMATION).get());
            }
        });
        assertThat(ordersPerContact).as("one order instance per order event").isEqualTo(confirmations);
        for (Instance order : orders) {
            if (withIncident.contains(order.id())) {
                assertThat(order.end()).as("order %s with an incident waits for an operator", order.id()).isNull();
            } else {
                assertThat(order.endActivity()).as("order %s of %s ended after its confirmation", order.id(),
                        order.businessKey()).isEqualTo(Transactional.END_ORDER_CONFIRMATION_SENT);
            }
        }
        List<Instance> firstPurchases = instances.stream().filter(i -> i.key().equals(FirstPurchase.PROCESS_KEY))
                .toList();
        assertThat(firstPurchases).as("each confirmed order went through the first-purchase check")
                .hasSize((int) orders.stream().filter(o -> o.end() != null).count())
                .allMatch(i -> FirstPurchase.END_NOT_ELIGIBLE.equals(i.endActivity()));
        List<Instance> broadcasts = instances.stream().filter(i -> i.key().equals(BroadcastScenario.PROCESS))
                .toList();
        assertThat(broadcasts).as("the broadcast's instance registered its recipients and ended").hasSize(1)
                .allMatch(i -> BROADCAST_END.equals(i.endActivity()));

        List<String> tasksLeft = query("SELECT CONCAT(ID_, ' ', ACT_ID_, ' retries ', COALESCE(RETRIES_, -1)) FROM"
                + " ACT_RU_EXT_TASK WHERE RETRIES_ IS NULL OR RETRIES_ > 0", r -> r.getString(1));
        assertThat(tasksLeft).as("no send task waits, but those with an incident").isEmpty();
        List<String> jobsLeft = query("SELECT CONCAT(ID_, ' ', TYPE_, ' ', COALESCE(HANDLER_CFG_, '')) FROM ACT_RU_JOB"
                + " WHERE RETRIES_ > 0 AND PROCESS_INSTANCE_ID_ IS NOT NULL AND NOT (TYPE_ = 'timer' AND HANDLER_CFG_"
                + " LIKE ?)", r -> r.getString(1), "%" + Welcome.TIMER_WELCOME_DELAY + "%");
        assertThat(jobsLeft).as("no job of an instance left but the welcome delays").isEmpty();
        List<String> pendingLeft = query("SELECT CONCAT(id, ' ', message_type, ' ', status) FROM pending_message"
                + " WHERE status IN ('PENDING', 'GRANTED') AND id NOT IN (" + (unknownAtKill.isEmpty() ? "''"
                : unknownAtKill.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "))) + ")",
                r -> r.getString(1));
        assertThat(pendingLeft).as("no message waits for its decision or delivery").isEmpty();
    }

    // ----- progress ------------------------------------------------------------------------------------------------

    private double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 100_000_000.0) / 10.0;
    }

    private void step(String what) {
        System.out.printf(Locale.ROOT, "[TwoNodesIT %6.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
    }
}
