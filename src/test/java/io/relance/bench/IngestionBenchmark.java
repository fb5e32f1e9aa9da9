package io.relance.bench;

import io.relance.RelanceApplication;
import io.relance.bench.bare.BareCamunda;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Ingestion benchmark (a program, not a test). In a MariaDB database of its own, created fresh for the run
 * ({@code relance_bench_ingestion} on DB_URL's server, dropped at the end), it starts Relance (profile
 * {@code mariadb}) with this program's SMTP server ({@link CountingSmtp}), then posts events over real HTTP with K
 * concurrent clients and prints events/s and latency percentiles for:
 * <ol>
 *     <li>Relance {@code POST /api/events} starting a trivial one-step process,</li>
 *     <li>bare Camunda {@code POST /engine-rest/message} starting the same trivial process in Relance's engine (history
 *     level {@code audit}, Relance's HTTP Basic authentication),</li>
 *     <li>bare Camunda as a new user sets it up ({@link BareCamunda}: Camunda's Spring Boot starter and REST API in a
 *     JVM of its own, history level FULL, REST open, on a fresh database {@code relance_bench_bare}),
 *     {@code POST /engine-rest/message} starting the same trivial process: the reference of the intake target,</li>
 * </ol>
 * each measured in {@code bench.rounds} interleaved rounds, merged; then the welcome line end to end:
 * {@code bench.welcome} {@code NewsletterSubscribed} events, one per new contact (so that no cap holds a mail back),
 * posted as fast as the clients go (or at {@code bench.welcome-rate} events/s), and the welcome emails followed to the
 * SMTP server: accepted/s, delivered/s, the lag from each event to its mail (p50, p99, max) and the backlog
 * (accepted, not yet at the server) while the events arrive.
 * Run: {@code ./mvnw -q -Pbenchmark test-compile exec:exec [-Dbench.events=3000] [-Dbench.clients=8]
 * [-Dbench.welcome=6000] [-Dbench.welcome-rate=0]}.
 */
public final class IngestionBenchmark {

    private static final String ADMIN_PASSWORD = "bench-admin-" + UUID.randomUUID();
    private static final String INTEGRATION_PASSWORD = "bench-integration-" + UUID.randomUUID();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String auth;

    private IngestionBenchmark(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.auth = "Basic " + Base64.getEncoder()
                .encodeToString(("integration:" + INTEGRATION_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    record Result(String name, int events, double seconds, long[] latenciesNanos, int errors) {
        static Result merge(String name, List<Result> rounds) {
            int events = rounds.stream().mapToInt(Result::events).sum();
            double seconds = rounds.stream().mapToDouble(Result::seconds).sum();
            long[] latencies = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latenciesNanos())).toArray();
            int errors = rounds.stream().mapToInt(Result::errors).sum();
            return new Result(name, events, seconds, latencies, errors);
        }

        double perSecond() {
            return events / seconds;
        }

        double percentileMillis(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1_000_000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 3000);
        int clients = Integer.getInteger("bench.clients", 8);
        int warmup = Integer.getInteger("bench.warmup", 2000);
        int contacts = Integer.getInteger("bench.contacts", 500);
        String run = UUID.randomUUID().toString().substring(0, 8);

        System.out.printf("Relance ingestion benchmark: %d events per path and round, %d clients, %d warm-up events,"
                + " %d contacts%n", events, clients, warmup, contacts);
        System.out.printf(Locale.ROOT, "Machine: %d cores, load average %.2f at start, Java %s, %s %s%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));

        int welcomeEvents = Integer.getInteger("bench.welcome", 6000);
        double welcomeRate = Double.parseDouble(System.getProperty("bench.welcome-rate", "0").isBlank() ? "0"
                : System.getProperty("bench.welcome-rate"));
        BenchDatabase database = BenchDatabase.fresh("relance_bench_ingestion");
        System.out.println("Database " + database.url() + " (fresh, dropped at the end)");
        BenchDatabase bareDatabase = BenchDatabase.fresh("relance_bench_bare");
        Process bareJvm = null;
        String welcomeDomain = "@w-" + run + ".example.com";
        CountingSmtp smtp = CountingSmtp.start(recipient -> recipient.endsWith(welcomeDomain));
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0",
                "--relance.security.admin-password=" + ADMIN_PASSWORD,
                "--relance.security.integration-password=" + INTEGRATION_PASSWORD,
                "--logging.level.root=WARN",
                "--logging.level.io.relance=WARN",
                "--server.tomcat.threads.max=" + Math.max(16, clients * 2),
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.port(),
                // Decided when due whatever the time of day: the send slot at 00:00, no quiet hours for email.
                "--relance.pressure.send-slot=00:00",
                "--relance.pressure.quiet-hours.email.from=00:00",
                "--relance.pressure.quiet-hours.email.to=00:00",
                "--relance.pressure.quiet-hours.email.sundays=false",
                "--relance.pressure.quiet-hours.email.holidays="));
        appArgs.addAll(database.appArgs());
        // More settings for the application (e.g. -Dbench.app-args="--relance.pressure.dispatcher.threads=4").
        Arrays.stream(System.getProperty("bench.app-args", "").trim().split("\\s+")).filter(a -> !a.isBlank())
                .forEach(appArgs::add);
        ConfigurableApplicationContext app = null;
        try {
            bareJvm = startBareCamunda(bareDatabase, Math.max(16, clients * 2));
            int barePort = awaitReady(bareJvm);
            System.out.println("Bare Camunda (own JVM, history FULL) on port " + barePort + ", database "
                    + bareDatabase.name());
            app = new SpringApplicationBuilder(RelanceApplication.class).profiles("mariadb")
                    .run(appArgs.toArray(String[]::new));
            deployTrivialProcesses(app.getBean(RepositoryService.class));
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            IngestionBenchmark bench = new IngestionBenchmark(port);
            List<String> contactIds = bench.createContacts(run, contacts);

            AtomicInteger counter = new AtomicInteger();
            IntFunction<HttpRequest> relanceTrivial = i -> bench.post("/api/events", """
                    {"eventId": "bench-%s-t-%d", "type": "BenchmarkPing", "contactId": "%s",
                     "occurredAt": "2026-11-23T10:00:00Z", "data": {"source": "bench", "amount": 42.5}}"""
                    .formatted(run, counter.incrementAndGet(), contactIds.get(i % contactIds.size())));
            // The same message for both bare Camundas: Relance's engine and the one of its own JVM.
            IntFunction<String> bareMessage = i -> """
                    {"messageName": "%s", "businessKey": "%s",
                     "processVariables": {"source": {"value": "bench", "type": "String"},
                                          "amount": {"value": 42.5, "type": "Double"}}}"""
                    .formatted(BareCamunda.MESSAGE, contactIds.get(i % contactIds.size()));
            IntFunction<HttpRequest> bareCamunda = i -> bench.post("/engine-rest/message", bareMessage.apply(i));
            String bareBase = "http://127.0.0.1:" + barePort;
            IntFunction<HttpRequest> bareFull = i -> bench.postTo(bareBase, "/engine-rest/message",
                    bareMessage.apply(i));

            // Warm the paths up (JIT, connection pools, caches) before measuring.
            bench.measure("warm-up relance", warmup, clients, relanceTrivial, 202, null, 0);
            bench.measure("warm-up bare", warmup, clients, bareCamunda, 204, null, 0);
            bench.measure("warm-up bare, own JVM", warmup, clients, bareFull, 204, null, 0);

            // Interleaved rounds, so that neither path is favoured by a warmer JVM or a smaller database.
            int rounds = Integer.getInteger("bench.rounds", 4);
            List<Result> relanceRounds = new ArrayList<>();
            List<Result> bareRounds = new ArrayList<>();
            List<Result> bareFullRounds = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // Alternate the order: the later paths of a round run on a slightly warmer system.
                List<Runnable> paths = new ArrayList<>();
                int r = round;
                paths.add(() -> relanceRounds.add(bench.measureOrFail("round " + r + " Relance", events, clients,
                        relanceTrivial, 202)));
                paths.add(() -> bareRounds.add(bench.measureOrFail("round " + r + " bare Camunda", events, clients,
                        bareCamunda, 204)));
                paths.add(() -> bareFullRounds.add(bench.measureOrFail("round " + r + " bare Camunda, own JVM",
                        events, clients, bareFull, 204)));
                if (round % 2 == 0) {
                    Collections.reverse(paths);
                }
                paths.forEach(Runnable::run);
            }
            Result relance = Result.merge("Relance /api/events (trivial process)", relanceRounds);
            Result bare = Result.merge("Bare Camunda /engine-rest/message, Relance's engine", bareRounds);
            Result bareOwn = Result.merge("Bare Camunda /engine-rest/message, own JVM, FULL", bareFullRounds);

            // The welcome line end to end, last (its instances wait for days; its sends keep the workers busy).
            Welcome welcome = bench.welcome(app, run, welcomeEvents, clients, welcomeRate, welcomeDomain, smtp);

            System.out.println();
            System.out.printf("%-55s %10s %9s %9s %9s %7s%n", "path", "events/s", "p50 ms", "p95 ms", "p99 ms",
                    "errors");
            for (Result r : List.of(relance, bare, bareOwn, welcome.intake())) {
                System.out.printf(Locale.ROOT, "%-55s %10.1f %9.1f %9.1f %9.1f %7d%n", r.name(), r.perSecond(),
                        r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99), r.errors());
            }
            System.out.printf(Locale.ROOT, "%nRatio Relance / bare Camunda in Relance's engine (audit history,"
                    + " Relance's authentication; trivial process, events/s): %.2f%n",
                    relance.perSecond() / bare.perSecond());
            System.out.printf(Locale.ROOT, "Ratio Relance / bare Camunda as a new user sets it up (own JVM, FULL"
                    + " history, REST open; the target's reference): %.2f%n", relance.perSecond() / bareOwn.perSecond());
            List<String> intakeMisses = new ArrayList<>();
            if (relance.perSecond() < bareOwn.perSecond()) {
                intakeMisses.add(String.format(Locale.ROOT, "%.2f x bare Camunda, not 1.0",
                        relance.perSecond() / bareOwn.perSecond()));
            }
            if (relance.percentileMillis(99) > 100) {
                intakeMisses.add(String.format(Locale.ROOT, "p99 %.0f ms > 100 ms", relance.percentileMillis(99)));
            }
            System.out.println("Intake target (>= 1.0 x bare Camunda as a new user sets it up, p99 <= 100 ms at 8"
                    + " clients): "
                    + (intakeMisses.isEmpty() ? "met" : "NOT met: " + String.join(", ", intakeMisses)));
            welcome.print();
            System.out.printf(Locale.ROOT, "Load average at the end: %.2f%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            // Always stop Relance: a context left running keeps the JVM alive, and its workers would go on
            // taking work from the database.
            if (app != null) {
                app.close();
            }
            if (bareJvm != null) {
                bareJvm.destroy();
                bareJvm.waitFor(30, TimeUnit.SECONDS);
            }
            smtp.close();
            database.drop();
            bareDatabase.drop();
        }
        // A program: ends here, whatever thread a library left behind.
        System.exit(0);
    }

    /**
     * The welcome line: intake figures, and at the SMTP server: mails received, the window they took, the lag of each
     * (event posted to its mail received) and the backlog samples taken while the events arrived.
     */
    record Welcome(Result intake, int received, int duplicates, double deliverySeconds, double deliveredDuringIntake,
                   long[] lagsNanos, List<String> backlog, double backlogGrowthPerSecond, long connections,
                   String whyNot) {

        double lagMillis(double p) {
            if (lagsNanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = lagsNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1_000_000.0;
        }

        void print() {
            System.out.printf(Locale.ROOT, "%nWelcome line end to end (NewsletterSubscribed -> DMN -> arbitration ->"
                    + " email at the SMTP server), %d events, one per new contact:%n", intake.events());
            System.out.printf(Locale.ROOT, "  accepted:   %8.1f events/s (p50 %.0f ms, p99 %.0f ms, %d errors)%n",
                    intake.perSecond(), intake.percentileMillis(50), intake.percentileMillis(99), intake.errors());
            System.out.printf(Locale.ROOT, "  delivered:  %8.1f mails/s while the events arrived; %d of %d mails in"
                            + " %.1f s from the first event (%.1f mails/s overall), over %d SMTP connections%n",
                    deliveredDuringIntake, received, intake.events(), deliverySeconds, received / deliverySeconds,
                    connections);
            System.out.printf(Locale.ROOT, "  lag event -> mail: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    lagMillis(50), lagMillis(99), lagMillis(100));
            System.out.println("  backlog (accepted, not yet at the SMTP server; where it waits) while the events"
                    + " arrived: "
                    + (backlog.isEmpty() ? "not sampled (the events arrived within 5 s)" : String.join(", ", backlog)));
            System.out.printf(Locale.ROOT, "  backlog %s (%+.1f mails/s over the second half of the intake)%n",
                    backlogGrowthPerSecond > 1 ? "GROWS" : "does not grow", backlogGrowthPerSecond);
            List<String> misses = new ArrayList<>();
            if (deliveredDuringIntake < 100) {
                misses.add(String.format(Locale.ROOT, "%.1f mails/s delivered < 100", deliveredDuringIntake));
            }
            if (received < intake.events() || lagMillis(100) > 60_000) {
                misses.add(String.format(Locale.ROOT, "%d of %d mails within 60 s (max lag %.0f ms)",
                        Arrays.stream(lagsNanos).filter(l -> l <= 60_000_000_000L).count(), intake.events(),
                        lagMillis(100)));
            }
            if (intake.percentileMillis(99) > 150) {
                misses.add(String.format(Locale.ROOT, "intake p99 %.0f ms > 150", intake.percentileMillis(99)));
            }
            if (!whyNot.isEmpty()) {
                misses.add("mails not as expected: " + whyNot);
            }
            System.out.println("  target (>= 100 mails/s, each within 60 s, intake p99 <= 150 ms): "
                    + (misses.isEmpty() ? "met" : "NOT met: " + String.join("; ", misses)));
        }
    }

    private Welcome welcome(ConfigurableApplicationContext app, String run, int events, int clients, double rate,
                            String domain, CountingSmtp smtp) throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            ids.add("bench-" + run + "-w" + i);
            emails.add("w" + i + domain);
        }
        insertContacts(app.getBean(javax.sql.DataSource.class), ids, emails);
        long[] sentAt = new long[events];
        AtomicInteger accepted = new AtomicInteger();
        IntFunction<HttpRequest> welcome = i -> post("/api/events", """
                {"eventId": "bench-%s-w-%d", "type": "NewsletterSubscribed", "contactId": "%s",
                 "occurredAt": "2026-11-23T10:00:00Z", "data": {"source": "popup"}}""".formatted(run, i, ids.get(i)));
        long mailsBefore = smtp.messages();
        List<long[]> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        java.util.concurrent.ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-backlog-sampler");
            t.setDaemon(true);
            return t;
        });
        javax.sql.DataSource dataSource = app.getBean(javax.sql.DataSource.class);
        List<String> stages = new java.util.concurrent.CopyOnWriteArrayList<>();
        sampler.scheduleAtFixedRate(() -> {
            samples.add(new long[]{System.nanoTime() - start, accepted.get(), smtp.messages() - mailsBefore});
            stages.add(stages(dataSource));
        }, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
        Result intake;
        try {
            intake = measure("Relance welcome (end to end)", events, clients, welcome, 202, sentAt, rate, accepted);
        } finally {
            sampler.shutdownNow();
        }
        long intakeEnd = System.nanoTime();
        long mailsAtIntakeEnd = smtp.messages() - mailsBefore;
        // Wait for the mails: until all arrived, or nothing arrived for 60 s.
        long lastCount = -1;
        long lastChange = System.nanoTime();
        while (smtp.messages() - mailsBefore < events && System.nanoTime() - lastChange < 60_000_000_000L) {
            Thread.sleep(200);
            long now = smtp.messages();
            if (now != lastCount) {
                lastCount = now;
                lastChange = System.nanoTime();
            }
        }
        Thread.sleep(2000);
        long[] lags = new long[events];
        int received = 0;
        long last = start;
        for (int i = 0; i < events; i++) {
            Long arrival = smtp.firstArrival(emails.get(i));
            if (arrival != null) {
                lags[received++] = arrival - sentAt[i];
                last = Math.max(last, arrival);
            }
        }
        double intakeSeconds = (intakeEnd - start) / 1e9;
        List<String> backlog = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            long[] sample = samples.get(i);
            backlog.add(String.format(Locale.ROOT, "%.0f s: %d%s", sample[0] / 1e9, sample[1] - sample[2],
                    i < stages.size() ? " (" + stages.get(i) + ")" : ""));
        }
        double growth = 0;
        if (samples.size() >= 2) {
            long[] middle = samples.get(samples.size() / 2);
            long[] end = samples.get(samples.size() - 1);
            double seconds = (end[0] - middle[0]) / 1e9;
            growth = seconds <= 0 ? 0 : ((end[1] - end[2]) - (middle[1] - middle[2])) / seconds;
        }
        return new Welcome(intake, received, smtp.duplicates().size(), (last - start) / 1e9,
                mailsAtIntakeEnd / intakeSeconds, Arrays.copyOf(lags, received), backlog, growth, smtp.connections(),
                smtp.whyNot(events));
    }

    /**
     * Where the messages under way wait: asynchronous jobs not yet run (the send task's {@code asyncBefore}), send
     * tasks not yet registered by the arbitration worker, messages waiting for their decision, granted messages
     * waiting for a delivery thread.
     */
    private static String stages(javax.sql.DataSource dataSource) {
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.Statement statement = connection.createStatement()) {
            long jobs = count(statement, "SELECT COUNT(*) FROM ACT_RU_JOB WHERE HANDLER_TYPE_ = 'async-continuation'");
            long tasks = count(statement, "SELECT COUNT(*) FROM ACT_RU_EXT_TASK t WHERE t.TOPIC_NAME_ LIKE"
                    + " 'relance.arbitrated.%' AND NOT EXISTS (SELECT 1 FROM pending_message m"
                    + " WHERE m.external_task_id = t.ID_)");
            long pending = count(statement, "SELECT COUNT(*) FROM pending_message WHERE status = 'PENDING'");
            long granted = count(statement, "SELECT COUNT(*) FROM pending_message WHERE status = 'GRANTED'");
            return "jobs " + jobs + ", tasks " + tasks + ", pending " + pending + ", granted " + granted;
        } catch (java.sql.SQLException e) {
            return "stages unknown: " + e.getMessage();
        }
    }

    private static long count(java.sql.Statement statement, String sql) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** New contacts with email consent, in bulk (the REST API would take longer than the run itself). */
    private static void insertContacts(javax.sql.DataSource dataSource, List<String> ids, List<String> emails)
            throws java.sql.SQLException {
        java.util.Calendar utc = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        java.sql.Timestamp consentAt = java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofDays(1)));
        try (java.sql.Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (java.sql.PreparedStatement contact = c.prepareStatement("INSERT INTO contact (id, email, first_name,"
                    + " locale, time_zone, consent_email, consent_email_at, attributes, created_at, updated_at,"
                    + " version) VALUES (?, ?, 'Bench', 'fr-FR', 'Europe/Paris', TRUE, ?, '{}', ?, ?, 0)")) {
                for (int i = 0; i < ids.size(); i++) {
                    contact.setString(1, ids.get(i));
                    contact.setString(2, emails.get(i));
                    contact.setTimestamp(3, consentAt, utc);
                    contact.setTimestamp(4, now, utc);
                    contact.setTimestamp(5, now, utc);
                    contact.addBatch();
                    if (i % 1000 == 999) {
                        contact.executeBatch();
                    }
                }
                contact.executeBatch();
            }
            c.commit();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deployTrivialProcesses(RepositoryService repositoryService) {
        BpmnModelInstance relance = Bpmn.createExecutableProcess("benchmark-ping")
                .camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_BenchmarkPing").message("BenchmarkPing")
                .endEvent("EndEvent_Done").done();
        repositoryService.createDeployment().name("benchmark").enableDuplicateFiltering(false)
                .addModelInstance("benchmark-ping.bpmn", relance)
                .addModelInstance("benchmark-ping-bare.bpmn", BareCamunda.trivialProcess())
                .deploy();
    }

    private List<String> createContacts(String run, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "bench-" + run + "-" + i;
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/contacts/" + id))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("""
                            {"email": "contact%d@example.com", "locale": "fr-FR", "timeZone": "Europe/Paris",
                             "consents": {"email": {"granted": true}}}""".formatted(i)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("Cannot create contact " + id + ": " + response.body());
            }
            ids.add(id);
        }
        return ids;
    }

    private HttpRequest post(String path, String json) {
        return postTo(baseUrl, path, json);
    }

    private HttpRequest postTo(String base, String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** {@link #measure} for a round: a failure stops the program with its cause. */
    private Result measureOrFail(String name, int events, int clients, IntFunction<HttpRequest> requests,
                                 int expected) {
        try {
            return measure(name, events, clients, requests, expected, null, 0);
        } catch (Exception e) {
            throw new IllegalStateException(name + " failed: " + e, e);
        }
    }

    /** Bare Camunda in a JVM of its own, on the same class path (see {@link BareCamunda}). */
    private static Process startBareCamunda(BenchDatabase database, int threads) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process bare = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                BareCamunda.class.getName(), database.url(), database.user(), database.password(),
                String.valueOf(threads)).redirectErrorStream(true).start();
        // Stopped with the program, also when it is interrupted (Ctrl-C) before its own cleanup.
        Runtime.getRuntime().addShutdownHook(new Thread(bare::destroy, "bench-bare-stop"));
        return bare;
    }

    /** Waits for {@code READY <port>}, echoing the JVM's other output; fails with it when the JVM ends first. */
    private static int awaitReady(Process bare) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(bare.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> System.out.println("  [bare] " + l)),
                        "bench-bare-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring("READY ".length()).trim());
            }
            System.out.println("  [bare] " + line);
        }
        throw new IllegalStateException("Bare Camunda did not start (exit "
                + (bare.waitFor(10, TimeUnit.SECONDS) ? bare.exitValue() : "none") + "), see its output above");
    }

    private Result measure(String name, int events, int clients, IntFunction<HttpRequest> requests, int expected,
                           long[] sentAt, double rate) throws Exception {
        return measure(name, events, clients, requests, expected, sentAt, rate, new AtomicInteger());
    }

    /**
     * Posts {@code events} requests with {@code clients} threads (at most {@code rate} per second when positive);
     * {@code sentAt} (when given) receives the {@link System#nanoTime()} each was posted at, {@code done} counts
     * the answers.
     */
    private Result measure(String name, int events, int clients, IntFunction<HttpRequest> requests, int expected,
                           long[] sentAt, double rate, AtomicInteger done) throws Exception {
        long[] latencies = new long[events];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                    if (rate > 0) {
                        long due = start + (long) (i * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    HttpRequest request = requests.apply(i);
                    long t0 = System.nanoTime();
                    if (sentAt != null) {
                        sentAt[i] = t0;
                    }
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != expected) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println(name + ": HTTP " + response.statusCode() + " " + response.body());
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Result result = new Result(name, events, seconds, latencies, errors.get());
        System.out.printf(Locale.ROOT, "  %s: %.1f events/s, p99 %.1f ms, %d errors%n", name, result.perSecond(),
                result.percentileMillis(99), result.errors());
        return result;
    }
}
