package io.relance.bench;

import io.relance.RelanceApplication;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Ingestion benchmark (a program, not a test). Starts Relance on the local MariaDB (profile {@code mariadb}), then
 * posts events over real HTTP with K concurrent clients and prints events/s and latency percentiles for:
 * <ol>
 *     <li>Relance {@code POST /api/events} starting a trivial one-step process,</li>
 *     <li>bare Camunda {@code POST /engine-rest/message} starting the same trivial process (the reference),</li>
 *     <li>Relance {@code POST /api/events} starting the real welcome scenario (DMN decision, email job, timers).</li>
 * </ol>
 * Each path is measured in {@code bench.rounds} interleaved rounds and the rounds are merged.
 * Run: {@code ./mvnw -q -Pbenchmark test-compile exec:exec [-Dbench.events=3000] [-Dbench.clients=8]}.
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
        System.out.printf("Machine: %d cores, Java %s, %s %s; database: %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getenv().getOrDefault("DB_URL", "jdbc:mariadb://127.0.0.1:3306/test (default)"));

        ConfigurableApplicationContext app = new SpringApplicationBuilder(RelanceApplication.class)
                .profiles("mariadb")
                .run("--server.port=0",
                        "--relance.security.admin-password=" + ADMIN_PASSWORD,
                        "--relance.security.integration-password=" + INTEGRATION_PASSWORD,
                        "--logging.level.root=WARN",
                        "--logging.level.io.relance=WARN",
                        "--server.tomcat.threads.max=" + Math.max(16, clients * 2));
        try {
            deployTrivialProcesses(app.getBean(RepositoryService.class));
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            IngestionBenchmark bench = new IngestionBenchmark(port);
            List<String> contactIds = bench.createContacts(run, contacts);

            AtomicInteger counter = new AtomicInteger();
            IntFunction<HttpRequest> relanceTrivial = i -> bench.post("/api/events", """
                    {"eventId": "bench-%s-t-%d", "type": "BenchmarkPing", "contactId": "%s",
                     "occurredAt": "2026-11-23T10:00:00Z", "data": {"source": "bench", "amount": 42.5}}"""
                    .formatted(run, counter.incrementAndGet(), contactIds.get(i % contactIds.size())));
            IntFunction<HttpRequest> bareCamunda = i -> bench.post("/engine-rest/message", """
                    {"messageName": "BenchmarkPingBare", "businessKey": "%s",
                     "processVariables": {"source": {"value": "bench", "type": "String"},
                                          "amount": {"value": 42.5, "type": "Double"}}}"""
                    .formatted(contactIds.get(i % contactIds.size())));
            IntFunction<HttpRequest> relanceWelcome = i -> bench.post("/api/events", """
                    {"eventId": "bench-%s-w-%d", "type": "NewsletterSubscribed", "contactId": "%s",
                     "occurredAt": "2026-11-23T10:00:00Z", "data": {"source": "popup"}}"""
                    .formatted(run, counter.incrementAndGet(), contactIds.get(i % contactIds.size())));

            // Warm both paths up (JIT, connection pools, caches) before measuring.
            bench.measure("warm-up relance", warmup, clients, relanceTrivial, 202);
            bench.measure("warm-up bare", warmup, clients, bareCamunda, 204);

            // Interleaved rounds, so that neither path is favoured by a warmer JVM or a smaller database.
            int rounds = Integer.getInteger("bench.rounds", 4);
            List<Result> relanceRounds = new ArrayList<>();
            List<Result> bareRounds = new ArrayList<>();
            List<Result> welcomeRounds = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // Alternate which path goes first: the second of a pair runs on a slightly warmer system.
                if (round % 2 == 1) {
                    relanceRounds.add(bench.measure("round " + round + " Relance", events, clients, relanceTrivial, 202));
                    bareRounds.add(bench.measure("round " + round + " bare Camunda", events, clients, bareCamunda, 204));
                } else {
                    bareRounds.add(bench.measure("round " + round + " bare Camunda", events, clients, bareCamunda, 204));
                    relanceRounds.add(bench.measure("round " + round + " Relance", events, clients, relanceTrivial, 202));
                }
            }
            // The welcome scenario last: its send jobs keep the job executor busy for a while after each round.
            for (int round = 1; round <= rounds; round++) {
                welcomeRounds.add(bench.measure("round " + round + " Relance welcome", events, clients,
                        relanceWelcome, 202));
            }
            Result relance = Result.merge("Relance /api/events (trivial process)", relanceRounds);
            Result bare = Result.merge("Bare Camunda /engine-rest/message (trivial process)", bareRounds);
            Result welcome = Result.merge("Relance /api/events (welcome scenario: DMN, email job, timers)", welcomeRounds);

            System.out.println();
            System.out.printf("%-55s %10s %9s %9s %9s %7s%n", "path", "events/s", "p50 ms", "p95 ms", "p99 ms",
                    "errors");
            for (Result r : List.of(relance, bare, welcome)) {
                System.out.printf(Locale.ROOT, "%-55s %10.1f %9.1f %9.1f %9.1f %7d%n", r.name(), r.perSecond(),
                        r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99), r.errors());
            }
            System.out.printf(Locale.ROOT, "%nRatio Relance / bare Camunda (trivial process, events/s): %.2f%n",
                    relance.perSecond() / bare.perSecond());
            System.out.printf(Locale.ROOT, "Targets: >= 300 events/s at 8 clients, p99 <= 100 ms, ratio >= 0.8%n");
        } finally {
            try {
                cleanUp(app.getBean(org.camunda.bpm.engine.RuntimeService.class), run);
            } finally {
                // Always stop Relance: a context left running keeps the JVM alive, and its workers would go on
                // taking work from the database (a later benchmark on it would see mails it never sent).
                app.close();
            }
        }
    }

    /** Removes the instances the run started (the welcome ones wait for days), so the database stays usable. */
    private static void cleanUp(org.camunda.bpm.engine.RuntimeService runtimeService, String run) {
        long removed = 0;
        while (true) {
            List<String> ids = runtimeService.createProcessInstanceQuery()
                    .processInstanceBusinessKeyLike("bench-" + run + "-%").listPage(0, 500).stream()
                    .map(org.camunda.bpm.engine.runtime.ProcessInstance::getId).toList();
            if (ids.isEmpty()) {
                break;
            }
            try {
                runtimeService.deleteProcessInstances(ids, "benchmark clean-up", true, true);
                removed += ids.size();
            } catch (org.camunda.bpm.engine.OptimisticLockingException e) {
                // The arbitration worker is taking some of these send tasks: remove the others one by one, and the
                // busy ones in a later round
                int busy = 0;
                for (String id : ids) {
                    try {
                        runtimeService.deleteProcessInstance(id, "benchmark clean-up", true, true);
                        removed++;
                    } catch (org.camunda.bpm.engine.OptimisticLockingException busyNow) {
                        busy++;
                    }
                }
                if (busy > 0) {
                    sleep(200);
                }
            }
        }
        System.out.printf("Removed the %d scenario instances this run left waiting%n", removed);
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
        BpmnModelInstance bare = Bpmn.createExecutableProcess("benchmark-ping-bare")
                .camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_BenchmarkPingBare").message("BenchmarkPingBare")
                .endEvent("EndEvent_Done").done();
        repositoryService.createDeployment().name("benchmark").enableDuplicateFiltering(false)
                .addModelInstance("benchmark-ping.bpmn", relance)
                .addModelInstance("benchmark-ping-bare.bpmn", bare)
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
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private Result measure(String name, int events, int clients, IntFunction<HttpRequest> requests, int expected)
            throws Exception {
        long[] latencies = new long[events];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                    HttpRequest request = requests.apply(i);
                    long t0 = System.nanoTime();
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
