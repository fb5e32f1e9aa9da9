package io.relance.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.RelanceApplication;
import io.relance.channel.MessageChannel;
import io.relance.channel.email.DevMailServer;
import io.relance.pressure.SendSlots;
import io.relance.security.Groups;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Calendar;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Broadcast benchmark (a program, not a test). In a MariaDB database of its own, created fresh for the run
 * ({@code relance_bench_broadcast} on DB_URL's server, dropped at the end), it starts Relance (profile
 * {@code mariadb}, job executor and arbitration dispatcher on), inserts N contacts of a segment of its own with JDBC, posts one promotion
 * broadcast to that segment over HTTP and follows {@code GET /api/broadcasts/{id}} until every message is decided and
 * delivered. It prints the registration time (recipients/s), the time to arbitrate the N recipients (contacts/s), the
 * time to deliver them (messages/s), the final counts per status and the number of process instances the broadcast
 * created (one, whatever N). A count that is not as expected says why (a mail sent twice, a mail for someone else:
 * its recipient and subject, a recipient left without).
 * <p>
 * 1% of the contacts received a commercial email two hours ago: the cap (one commercial message a day,
 * dmn/pressure-caps.dmn) suppresses the promotion for them. Another 1% are gold contacts (two a day) with such an
 * email: the promotion goes out. The program checks the counts against that.
 * <p>
 * The clock is real, so the send slot is at midnight ({@code relance.pressure.send-slot=00:00}: every moment of the
 * day is past it) and the email quiet hours are off: the broadcast is decided at once, whatever the time of day. Mail goes to a counting SMTP server in this
 * program ({@code bench.smtp=sink}: Relance renders and sends each mail over SMTP; the server counts and drops it) or
 * to Relance's in-process one ({@code bench.smtp=in-process}, which keeps the last 10,000 in memory).
 * <p>
 * Run: {@code ./mvnw -q -Pbenchmark test-compile exec:exec -Dbench.main=io.relance.bench.BroadcastBenchmark
 * [-Dbench.contacts=100000]}.
 */
public final class BroadcastBenchmark {

    /** Contacts with {@code i % 10 == 0} are gold (two commercial messages a day instead of one). */
    private static final int GOLD_EVERY = 10;
    /** Contacts with {@code i % 100 == 55} (standard) got a commercial email 2 hours ago: suppressed, cap. */
    private static final int CAPPED_REMAINDER = 55;
    /** Contacts with {@code i % 100 == 10} (gold) got one too: still sent (their cap is 2). */
    private static final int GOLD_WITH_EARLIER_REMAINDER = 10;
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PROGRESS = Duration.ofSeconds(5);

    private final ConfigurableApplicationContext app;
    private final Run run;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String auth;

    /** What this run created, for the clean-up (also after a failure). */
    static final class Run {
        final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        final String contactPrefix = "bench-" + id + "-";
        final String userId = "bench" + id;
        final String broadcastName = "Broadcast benchmark " + id;
        volatile String broadcastId;
        String jdbcUrl;
        String jdbcUser;
        String jdbcPassword;
    }

    private BroadcastBenchmark(ConfigurableApplicationContext app, Run run, String password) {
        this.app = app;
        this.run = run;
        this.baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
        this.auth = "Basic " + Base64.getEncoder()
                .encodeToString((run.userId + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        int contacts = Integer.getInteger("bench.contacts", 100_000);
        String smtp = System.getProperty("bench.smtp", "sink").isBlank() ? "sink" : System.getProperty("bench.smtp");
        Duration timeout = Duration.ofMinutes(Integer.getInteger("bench.timeout-minutes", 180));
        List<String> extra = Arrays.stream(System.getProperty("bench.app-args", "").trim().split("\\s+"))
                .filter(a -> !a.isBlank()).map(a -> a.startsWith("--") ? a : "--" + a).toList();
        if (!smtp.equals("sink") && !smtp.equals("in-process")) {
            throw new IllegalArgumentException("bench.smtp must be sink or in-process, not " + smtp);
        }
        Run run = new Run();

        System.out.printf("Relance broadcast benchmark: %d contacts (run %s), one promotion broadcast by email%n",
                contacts, run.id);
        System.out.printf(Locale.ROOT, "Machine: %d cores, load average %.2f at start, Java %s, %s %s; database: %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getenv().getOrDefault("DB_URL", "jdbc:mariadb://127.0.0.1:3306 (default)"));
        System.out.println("The machine may be shared (other builds, tests): the load average tells.");

        List<String> appArgs = new ArrayList<>(List.of("--server.port=0",
                "--logging.level.root=WARN",
                "--logging.level.io.relance=WARN",
                // Real clock: the send slot at 00:00 (every moment of the day is past it: decided when due) and no
                // quiet hours for email, so the broadcast is decided now whatever the time of day. (An empty
                // send-slot falls back to the 10:00 default of PressureProperties.)
                "--relance.pressure.send-slot=00:00",
                "--relance.pressure.quiet-hours.email.from=00:00",
                "--relance.pressure.quiet-hours.email.to=00:00",
                "--relance.pressure.quiet-hours.email.sundays=false",
                "--relance.pressure.quiet-hours.email.holidays="));
        BenchDatabase database = BenchDatabase.fresh("relance_bench_broadcast");
        System.out.println("Database " + database.url() + " (fresh, dropped at the end)");
        appArgs.addAll(database.appArgs());
        String recipients = "." + run.id + "@example.com";
        CountingSmtp sink = null;
        if (smtp.equals("sink")) {
            sink = CountingSmtp.start(recipient -> recipient.endsWith(recipients));
            appArgs.add("--spring.mail.host=127.0.0.1");
            appArgs.add("--spring.mail.port=" + sink.port());
        }
        appArgs.addAll(extra);
        System.out.println("Relance settings: " + String.join(" ", appArgs.subList(1, appArgs.size())
                .stream().filter(a -> !a.startsWith("--spring.datasource.password")).toList()));
        System.out.println("Mail: " + (sink != null
                ? "SMTP server of this program on 127.0.0.1:" + sink.port()
                + " (Relance renders and sends every mail over SMTP; the server counts and drops it)"
                : "Relance's in-process SMTP server (keeps the last " + DevMailServer.CAPACITY + " in memory)"));

        // The clean-up runs once: at the end, after a failure, or when the program is stopped (SIGTERM, Ctrl-C) —
        // then from a shutdown hook, before Relance closes (Spring's own hook is off for that).
        AtomicReference<ConfigurableApplicationContext> started = new AtomicReference<>();
        AtomicBoolean cleaned = new AtomicBoolean();
        CountingSmtp mail = sink;
        Runnable cleanUp = () -> {
            if (!cleaned.compareAndSet(false, true)) {
                return;
            }
            ConfigurableApplicationContext app = started.get();
            if (app != null) {
                removeEngineData(app, run);
                app.close();
            }
            removeRows(run);
            if (mail != null) {
                mail.close();
            }
            database.drop();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(cleanUp, "benchmark-clean-up"));
        try {
            long bootStart = System.nanoTime();
            ConfigurableApplicationContext app = new SpringApplicationBuilder(RelanceApplication.class)
                    .profiles("mariadb").registerShutdownHook(false).run(appArgs.toArray(String[]::new));
            started.set(app);
            Environment env = app.getEnvironment();
            run.jdbcUrl = env.getProperty("spring.datasource.url");
            run.jdbcUser = env.getProperty("spring.datasource.username");
            run.jdbcPassword = env.getProperty("spring.datasource.password", "");
            System.out.printf(Locale.ROOT, "Relance started in %.1f s%n", seconds(bootStart));
            String password = createUser(app.getBean(IdentityService.class), run);
            new BroadcastBenchmark(app, run, password).measure(contacts, timeout, sink);
        } finally {
            cleanUp.run();
        }
        // A program: ends here, whatever non-daemon thread a library left behind (seen: two idle executor threads
        // kept the JVM alive after the clean-up).
        System.exit(0);
    }

    private void measure(int contacts, Duration timeout, CountingSmtp sink) throws Exception {
        checkSettings();
        DataSource dataSource = app.getBean(DataSource.class);
        long othersPending = count(dataSource, "SELECT COUNT(*) FROM pending_message WHERE status = 'PENDING'");
        long consenting = count(dataSource, "SELECT COUNT(*) FROM contact WHERE consent_email = TRUE");
        System.out.printf("Database before the run: %d contacts with email consent, %d pending messages of others"
                + " (the dispatcher decides those too)%n", consenting, othersPending);

        Expected expected = insertContacts(dataSource, contacts);

        // The broadcast.
        String sendOn = LocalDate.now(PARIS).toString();
        String body = """
                {"name": "%s", "messageType": "promotion", "channel": "email", "segment": {"benchRun": "%s"},
                 "sendOn": "%s", "variables": {"offerPercent": 20, "offerCode": "BENCH",
                 "link": "https://www.example.com/offres"}}""".formatted(run.broadcastName, run.id, sendOn);
        long sentBefore = sink == null ? 0 : sink.messages();
        Instant postedAt = Instant.now();
        long t0 = System.nanoTime();
        HttpResponse<String> posted = http.send(request("/api/broadcasts").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 202) {
            throw new IllegalStateException("POST /api/broadcasts: HTTP " + posted.statusCode() + " " + posted.body());
        }
        run.broadcastId = json.readTree(posted.body()).path("broadcastId").asText();
        System.out.printf("%nPOST /api/broadcasts -> 202, broadcast %s (promotion, email, segment benchRun=%s,"
                + " sendOn %s), %.0f ms%n", run.broadcastId, run.id, sendOn, (System.nanoTime() - t0) / 1e6);

        // Follow it.
        Double registered = null;
        Double decided = null;
        Double delivered = null;
        State state = null;
        long lastProgress = System.nanoTime();
        long lastDecided = 0;
        long lastSent = 0;
        double lastAt = 0;
        long sentAtDecided = 0;
        long liveHeap = 0;
        while (delivered == null) {
            Thread.sleep(POLL.toMillis());
            state = state();
            liveHeap = Math.max(liveHeap, liveHeapAfterCollection());
            double at = (System.nanoTime() - t0) / 1e9;
            boolean complete = "registered".equals(state.status());
            if (registered == null && complete) {
                registered = at;
            }
            if (decided == null && complete && state.count("pending") == 0) {
                decided = at;
                sentAtDecided = state.count("sent");
            }
            if (complete && state.count("pending") == 0 && state.count("granted") == 0) {
                delivered = at;
            }
            if (System.nanoTime() - lastProgress >= PROGRESS.toNanos() || delivered != null) {
                long decidedNow = state.decided();
                long sentNow = state.count("sent");
                double interval = Math.max(0.001, at - lastAt);
                System.out.printf(Locale.ROOT, "  [%6.1f s] %-11s recipients %6d  %s  (%.0f decided/s, %.0f sent/s)%n",
                        at, state.status(), state.recipients(), state.messages(),
                        (decidedNow - lastDecided) / interval, (sentNow - lastSent) / interval);
                lastProgress = System.nanoTime();
                lastDecided = decidedNow;
                lastSent = sentNow;
                lastAt = at;
            }
            if (at > timeout.toSeconds()) {
                throw new IllegalStateException("Not done after " + timeout + ": " + state);
            }
        }

        // Figures.
        HistoryService history = app.getBean(HistoryService.class);
        List<HistoricProcessInstance> instances = history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(run.broadcastId).list();
        long contactInstances = history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKeyLike(run.contactPrefix + "%").count();
        Double registration = instances.stream().filter(i -> i.getEndTime() != null).findFirst()
                .map(i -> (i.getEndTime().getTime() - postedAt.toEpochMilli()) / 1000.0).orElse(registered);
        int recipients = state.recipients();
        long sent = state.count("sent");
        long suppressed = state.count("suppressed");

        System.out.println();
        System.out.printf(Locale.ROOT, "Recipients registered:       %7d in %7.1f s  -> %8.1f recipients/s"
                + "  (POST to the end of the registration job)%n", recipients, registration, recipients / registration);
        System.out.printf(Locale.ROOT, "Arbitrated (none pending):   %7d in %7.1f s  -> %8.1f contacts/s"
                + "  (POST to no pending message; registration included)%n", recipients, decided, recipients / decided);
        System.out.printf(Locale.ROOT, "Delivered (none granted):    %7d in %7.1f s  -> %8.1f messages/s"
                + "  (POST to no granted message; mails sent)%n", sent, delivered, sent / delivered);
        System.out.printf(Locale.ROOT, "  after the registration: %.1f s more to arbitrate and deliver%n",
                delivered - registration);
        if (delivered > decided) {
            System.out.printf(Locale.ROOT, "  once all were decided: %d mails in %.1f s -> %.1f mails/s%n",
                    sent - sentAtDecided, delivered - decided, (sent - sentAtDecided) / (delivered - decided));
        }
        System.out.printf(Locale.ROOT, "Heap: at most %d MiB (-Xmx); live after a collection at most %d MiB (one JVM:"
                        + " the application, the benchmark's HTTP client and its SMTP server with its per-recipient"
                        + " counts)%n", Runtime.getRuntime().maxMemory() >> 20, liveHeap >> 20);
        System.out.println("Final counts per status: " + state.messages());
        System.out.printf("Process instances for the broadcast: %d (%s); for its %d recipients: %d%n",
                instances.size(), instances.stream().map(HistoricProcessInstance::getProcessDefinitionKey).toList(),
                recipients, contactInstances);
        if (sink != null) {
            System.out.printf("Mails received by the SMTP server: %d%n", sink.messages() - sentBefore);
        }
        System.out.printf(Locale.ROOT, "Load average at the end: %.2f%n", loadAverage());
        check(dataSource, expected, state, sink == null ? -1 : sink.messages() - sentBefore, sink);
    }

    /** Counts the run must end with. */
    record Expected(int contacts, Set<String> capped, int goldWithEarlier) {
    }

    private Expected insertContacts(DataSource dataSource, int contacts) throws SQLException {
        Instant now = Instant.now();
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        Set<String> capped = new HashSet<>();
        int goldWithEarlier = 0;
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement contact = c.prepareStatement("INSERT INTO contact (id, email, first_name, locale,"
                    + " time_zone, consent_email, consent_email_at, attributes, created_at, updated_at, version)"
                    + " VALUES (?, ?, ?, 'fr-FR', 'Europe/Paris', TRUE, ?, ?, ?, ?, 0)");
                 PreparedStatement earlier = c.prepareStatement("INSERT INTO communication (id, idempotency_key,"
                         + " contact_id, scenario, channel, message_type, category, status, recipient, subject,"
                         + " created_at, updated_at) VALUES (?, ?, ?, 'benchmark', 'EMAIL', 'newsletter', 'COMMERCIAL',"
                         + " 'SENT', ?, 'Earlier newsletter', ?, ?)")) {
                int batched = 0;
                for (int i = 1; i <= contacts; i++) {
                    String id = run.contactPrefix + "%06d".formatted(i);
                    String email = "c%06d.%s@example.com".formatted(i, run.id);
                    boolean gold = i % GOLD_EVERY == 0;
                    contact.setString(1, id);
                    contact.setString(2, email);
                    contact.setString(3, "Bench");
                    contact.setTimestamp(4, Timestamp.from(now.minus(Duration.ofDays(365))), utc);
                    contact.setString(5, gold ? "{\"benchRun\":\"%s\",\"valueTier\":\"gold\"}".formatted(run.id)
                            : "{\"benchRun\":\"%s\"}".formatted(run.id));
                    contact.setTimestamp(6, Timestamp.from(now), utc);
                    contact.setTimestamp(7, Timestamp.from(now), utc);
                    contact.addBatch();
                    int remainder = i % 100;
                    if (remainder == CAPPED_REMAINDER || remainder == GOLD_WITH_EARLIER_REMAINDER) {
                        Instant twoHoursAgo = now.minus(Duration.ofHours(2));
                        earlier.setString(1, UUID.randomUUID().toString());
                        earlier.setString(2, run.contactPrefix + "earlier-" + i);
                        earlier.setString(3, id);
                        earlier.setString(4, email);
                        earlier.setTimestamp(5, Timestamp.from(twoHoursAgo), utc);
                        earlier.setTimestamp(6, Timestamp.from(twoHoursAgo), utc);
                        earlier.addBatch();
                        if (remainder == CAPPED_REMAINDER) {
                            capped.add(id);
                        } else {
                            goldWithEarlier++;
                        }
                    }
                    if (++batched == 1000 || i == contacts) {
                        contact.executeBatch();
                        earlier.executeBatch();
                        c.commit();
                        batched = 0;
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "Set-up (not a Relance figure): %d contacts inserted with JDBC in %.1f s"
                        + " (%d gold); %d standard and %d gold contacts got a commercial email 2 hours ago%n",
                contacts, seconds(start), contacts / GOLD_EVERY, capped.size(), goldWithEarlier);
        return new Expected(contacts, capped, goldWithEarlier);
    }

    /** The counts must match the set-up: everyone a recipient, the capped ones suppressed (cap), the rest sent. */
    private void check(DataSource dataSource, Expected expected, State state, long mailsReceived, CountingSmtp sink)
            throws SQLException {
        List<String> problems = new ArrayList<>();
        if (state.recipients() != expected.contacts()) {
            problems.add("recipients " + state.recipients() + ", expected " + expected.contacts());
        }
        Set<String> suppressed = new HashSet<>();
        int capReasons = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT contact_id, reason FROM pending_message"
                     + " WHERE broadcast_id = ? AND status = 'SUPPRESSED'")) {
            ps.setString(1, run.broadcastId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    suppressed.add(rs.getString(1));
                    if (rs.getString(2) != null && rs.getString(2).startsWith("cap:")) {
                        capReasons++;
                    }
                }
            }
        }
        if (!suppressed.equals(expected.capped())) {
            problems.add("suppressed " + suppressed.size() + " contacts, expected the " + expected.capped().size()
                    + " with an earlier commercial email today");
        }
        if (capReasons != suppressed.size()) {
            problems.add((suppressed.size() - capReasons) + " suppressed for another reason than the cap");
        }
        long expectedSent = expected.contacts() - expected.capped().size();
        if (state.count("sent") != expectedSent) {
            problems.add("sent " + state.count("sent") + ", expected " + expectedSent);
        }
        if (mailsReceived >= 0 && mailsReceived != state.count("sent")) {
            problems.add(mailsReceived + " mails received by the SMTP server, " + state.count("sent") + " sent ("
                    + sink.whyNot(state.count("sent")) + ")");
        }
        System.out.printf("Check: %d recipients, %d suppressed (reason cap; %.1f%%: the contacts with a commercial"
                        + " email 2 hours ago, 1 a day), %d sent (including %d gold contacts with such an email:"
                        + " 2 a day) -> %s%n", state.recipients(), suppressed.size(),
                100.0 * suppressed.size() / Math.max(1, state.recipients()), state.count("sent"),
                expected.goldWithEarlier(), problems.isEmpty() ? "as expected" : "NOT as expected: " + problems);
    }

    /** The settings took: no send slot, no email quiet hours. */
    private void checkSettings() {
        SendSlots slots = app.getBean(SendSlots.class);
        Instant earlyMorning = LocalDate.now(PARIS).atTime(5, 30).atZone(PARIS).toInstant();
        Instant decideAt = slots.decideAt(MessageChannel.EMAIL, earlyMorning, PARIS, true);
        System.out.printf("Send slot at 00:00, email quiet hours off: a promotion due at 05:30 in Paris is decided at"
                + " %s (%s)%n", decideAt.atZone(PARIS).toLocalTime(), slots.describeQuietHours(MessageChannel.EMAIL));
        if (!decideAt.equals(earlyMorning)) {
            throw new IllegalStateException("The send slot or the quiet hours are still on: " + decideAt);
        }
    }

    record State(String status, int recipients, Map<String, Long> messages) {
        long count(String status) {
            return messages.getOrDefault(status, 0L);
        }

        long decided() {
            return messages.entrySet().stream().filter(e -> !e.getKey().equals("pending"))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    private State state() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request("/api/broadcasts/" + run.broadcastId).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/broadcasts/" + run.broadcastId + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        JsonNode node = json.readTree(response.body());
        Map<String, Long> messages = new TreeMap<>();
        node.path("messages").fields().forEachRemaining(e -> messages.put(e.getKey(), e.getValue().asLong()));
        return new State(node.path("status").asText(), node.path("recipients").asInt(), messages);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(60));
    }

    /** An integration account of this run only (the shared database's accounts and passwords stay untouched). */
    private static String createUser(IdentityService identity, Run run) {
        String password = UUID.randomUUID().toString();
        User user = identity.newUser(run.userId);
        user.setFirstName("Broadcast");
        user.setLastName("Benchmark");
        user.setPassword(password);
        identity.saveUser(user);
        identity.createMembership(run.userId, Groups.INTEGRATION);
        return password;
    }

    /** The broadcast's process instance (and its history), the run's account. */
    private static void removeEngineData(ConfigurableApplicationContext app, Run run) {
        try {
            if (run.broadcastId != null) {
                RuntimeService runtime = app.getBean(RuntimeService.class);
                List<String> running = runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey(run.broadcastId).list().stream().map(ProcessInstance::getId)
                        .toList();
                if (!running.isEmpty()) {
                    runtime.deleteProcessInstances(running, "benchmark clean-up", true, true);
                }
                HistoryService history = app.getBean(HistoryService.class);
                List<String> ended = history.createHistoricProcessInstanceQuery()
                        .processInstanceBusinessKey(run.broadcastId).list().stream()
                        .map(HistoricProcessInstance::getId).toList();
                if (!ended.isEmpty()) {
                    history.deleteHistoricProcessInstancesIfExists(ended);
                }
                System.out.printf("Clean-up: removed %d process instance(s) of the broadcast (%d still running)%n",
                        ended.size(), running.size());
            }
            IdentityService identity = app.getBean(IdentityService.class);
            if (identity.createUserQuery().userId(run.userId).count() > 0) {
                identity.deleteUser(run.userId);
            }
        } catch (RuntimeException e) {
            System.err.println("Clean-up of the engine data failed: " + e);
        }
    }

    /** The run's rows, once Relance stopped (nothing decides or sends any more), in small transactions. */
    private static void removeRows(Run run) {
        if (run.jdbcUrl == null) {
            return;
        }
        String like = run.contactPrefix + "%";
        Map<String, Integer> removed = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(run.jdbcUrl, run.jdbcUser, run.jdbcPassword)) {
            List<String> broadcasts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM broadcast WHERE name = ?")) {
                ps.setString(1, run.broadcastName);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        broadcasts.add(rs.getString(1));
                    }
                }
            }
            for (String broadcast : broadcasts) {
                removed.merge("pending_message", deleteAll(c, "DELETE FROM pending_message WHERE broadcast_id = ?",
                        broadcast), Integer::sum);
            }
            removed.put("pending_message (other)", deleteAll(c, "DELETE FROM pending_message WHERE contact_id LIKE ?",
                    like));
            removed.put("communication", deleteAll(c, "DELETE FROM communication WHERE contact_id LIKE ?", like));
            removed.put("contact_engagement", deleteAll(c, "DELETE FROM contact_engagement WHERE contact_id LIKE ?",
                    like));
            removed.put("contact", deleteAll(c, "DELETE FROM contact WHERE id LIKE ?", like));
            for (String broadcast : broadcasts) {
                removed.merge("broadcast", deleteAll(c, "DELETE FROM broadcast WHERE id = ?", broadcast),
                        Integer::sum);
            }
            System.out.println("Clean-up: removed rows " + removed);
        } catch (SQLException e) {
            System.err.println("Clean-up of the rows failed (run " + run.id + ", contacts " + like + "): " + e);
        }
    }

    private static int deleteAll(Connection c, String delete, String parameter) throws SQLException {
        int total = 0;
        try (PreparedStatement ps = c.prepareStatement(delete + " LIMIT 5000")) {
            ps.setString(1, parameter);
            int n;
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n > 0);
        }
        return total;
    }

    private static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The heap in use after the last collection of each heap pool (what the collections could not free). */
    private static long liveHeapAfterCollection() {
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory
                .getMemoryPoolMXBeans()) {
            java.lang.management.MemoryUsage afterCollection = pool.getCollectionUsage();
            if (pool.getType() == java.lang.management.MemoryType.HEAP && afterCollection != null) {
                used += afterCollection.getUsed();
            }
        }
        return used;
    }
}
