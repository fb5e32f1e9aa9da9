package io.relance.bench;

import io.relance.RelanceApplication;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario performance benchmark (a program, not a test). In a MariaDB database of its own, created fresh for the run
 * ({@code relance_bench_figures} on DB_URL's server, dropped at the end), it starts Relance (schema, scenarios), inserts
 * a year of history with bulk JDBC — {@code bench.communications} messages (default 1,000,000) and
 * {@code bench.inbound} inbound events (default 5,000,000), the figure_message rows of the sent ones, and the counters
 * all that would have produced for every deployed scenario (per day, element, send step and metric, on 4 shards each:
 * the worst case) — then calls {@code GET /api/scenarios/{key}/performance} {@code bench.calls} times (default 300;
 * random scenario, random period of 1 to 400 days, a version filter one time in five) and prints p50/p95/p99.
 */
public final class PerformanceBenchmark {

    static final String DATABASE = "relance_bench_figures";
    static final LocalDate LAST_DAY = LocalDate.now();
    static final int DAYS = 365;
    static final int SHARDS = 4;
    static final int ROWS_PER_INSERT = 1000;

    public static void main(String[] args) throws Exception {
        long communications = longOption("bench.communications", 1_000_000);
        long inbound = longOption("bench.inbound", 5_000_000);
        int calls = (int) longOption("bench.calls", 300);
        String url = System.getenv().getOrDefault("DB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
        String user = System.getenv().getOrDefault("DB_USER", "root");
        String password = System.getenv().getOrDefault("DB_PASSWORD", "");
        Matcher m = Pattern.compile("^(jdbc:mariadb://[^/]+/)([^?]*)(.*)$").matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("DB_URL is not a MariaDB URL: " + url);
        }
        String benchUrl = m.group(1) + DATABASE + "?nullDatabaseMeansCurrent=true&rewriteBatchedStatements=true";
        System.out.printf(Locale.ROOT, "Scenario performance benchmark: %,d communications, %,d inbound events, %d calls;"
                        + " database %s (fresh); %d cores, Java %s%n", communications, inbound, calls, benchUrl,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        String admin = "bench-" + UUID.randomUUID();
        ConfigurableApplicationContext app = null;
        try {
            long t0 = System.nanoTime();
            app = new SpringApplicationBuilder(RelanceApplication.class).profiles("mariadb")
                    .run("--server.port=0", "--logging.level.root=WARN", "--spring.datasource.url=" + benchUrl,
                            "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                            "--camunda.bpm.job-execution.enabled=false", "--relance.security.admin-password=" + admin,
                            "--relance.figures.time-zone=UTC");
            System.out.printf(Locale.ROOT, "Relance started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            Map<String, List<String>> scenarios = scenarios(app.getBean(RepositoryService.class));
            try (Connection c = DriverManager.getConnection(benchUrl, user, password)) {
                c.setAutoCommit(false);
                long t1 = System.nanoTime();
                Map<String, Long> counters = insertHistory(c, scenarios, communications, inbound);
                System.out.printf(Locale.ROOT, "History inserted in %.1f s%n", (System.nanoTime() - t1) / 1e9);
                long t2 = System.nanoTime();
                int rows = insertCounters(c, counters);
                System.out.printf(Locale.ROOT, "%,d counter rows (%,d keys x up to %d shards) inserted in %.1f s%n",
                        rows, counters.size(), SHARDS, (System.nanoTime() - t2) / 1e9);
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE TABLE figure_count, figure_gauge, figure_message, communication, inbound_event");
                }
            }
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            measure(port, "admin", admin, List.copyOf(scenarios.keySet()), calls);
        } finally {
            if (app != null) {
                app.close();
            }
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            }
            System.out.println("Database " + DATABASE + " dropped.");
        }
    }

    /** The latest version of every deployed scenario, with its element ids. */
    static Map<String, List<String>> scenarios(RepositoryService repository) {
        Map<String, List<String>> scenarios = new HashMap<>();
        for (ProcessDefinition d : repository.createProcessDefinitionQuery().latestVersion().list()) {
            BpmnModelInstance model = repository.getBpmnModelInstance(d.getId());
            scenarios.put(d.getKey(), model.getModelElementsByType(FlowNode.class).stream().map(FlowNode::getId)
                    .toList());
        }
        System.out.println(scenarios.size() + " scenarios: " + String.join(", ", scenarios.keySet()));
        return scenarios;
    }

    /**
     * Communications, inbound events and figure_message rows, and the counters they give (key: scenario|day|element|
     * metric).
     */
    static Map<String, Long> insertHistory(Connection c, Map<String, List<String>> scenarios, long communications,
                                           long inbound) throws SQLException {
        Random random = new Random(42);
        List<String> keys = List.copyOf(scenarios.keySet());
        Map<String, Long> counters = new HashMap<>();
        Instant end = LAST_DAY.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Bulk comm = new Bulk(c, "INSERT INTO communication (id, idempotency_key, contact_id, scenario,"
                + " process_instance_id, activity_id, channel, message_type, category, status, reason, created_at,"
                + " updated_at) VALUES ", 13);
        Bulk messages = new Bulk(c, "INSERT INTO figure_message (communication_id, contact_id, scenario, version,"
                + " channel, message_type, category, sent_at, opened_at, clicked_at) VALUES ", 10);
        Bulk events = new Bulk(c, "INSERT INTO inbound_event (event_id, type, contact_id, occurred_at, received_at,"
                + " request_hash, data, started_instances, reached_instances) VALUES ", 9);
        String[] statuses = {"SENT", "SENT", "SENT", "SENT", "SENT", "SENT", "SENT", "SUPPRESSED", "SUPPRESSED",
                "FAILED"};
        String[] kinds = {"consent", "cap", "arbitration", "address"};
        long eventsLeft = inbound;
        for (long i = 0; i < communications; i++) {
            String scenario = keys.get(random.nextInt(keys.size()));
            int dayIndex = random.nextInt(DAYS);
            LocalDate day = LAST_DAY.minusDays(dayIndex);
            Instant at = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(86_400));
            String type = scenario + "-" + (1 + random.nextInt(3));
            String step = "msg:email:" + type;
            String status = statuses[random.nextInt(statuses.length)];
            String id = UUID.randomUUID().toString();
            String contact = "c-" + random.nextInt(200_000);
            String kind = kinds[random.nextInt(kinds.length)];
            comm.add(id, "bench:" + id, contact, scenario, "pi-" + (i / 3), "Task_Send", "EMAIL", type, "COMMERCIAL",
                    status, status.equals("SUPPRESSED") ? kind + ": bench" : null, Timestamp.from(at),
                    Timestamp.from(at));
            String base = scenario + "|" + day + "|";
            if (i % 3 == 0) {
                counters.merge(base + "|entered", 1L, Long::sum);
                List<String> elements = scenarios.get(scenario);
                for (int e = 0; e < Math.min(6, elements.size()); e++) {
                    counters.merge(base + elements.get(random.nextInt(elements.size())) + "|passed", 1L, Long::sum);
                }
                counters.merge(base + "|exit:" + (random.nextInt(3) == 0 ? "converted" : "completed"), 1L,
                        Long::sum);
            }
            switch (status) {
                case "SENT" -> {
                    counters.merge(base + step + "|sent", 1L, Long::sum);
                    boolean opened = random.nextInt(10) < 3;
                    boolean clicked = opened && random.nextInt(3) == 0;
                    Instant openedAt = opened ? at.plusSeconds(3600) : null;
                    Instant clickedAt = clicked ? at.plusSeconds(4000) : null;
                    messages.add(id, contact, scenario, 1, "email", type, "commercial", Timestamp.from(at),
                            openedAt == null ? null : Timestamp.from(openedAt),
                            clickedAt == null ? null : Timestamp.from(clickedAt));
                    if (opened && eventsLeft > 0) {
                        counters.merge(base + step + "|opened", 1L, Long::sum);
                        eventsLeft -= event(events, "EmailOpened", contact, openedAt, id, type);
                    }
                    if (clicked && eventsLeft > 0) {
                        counters.merge(base + step + "|clicked", 1L, Long::sum);
                        eventsLeft -= event(events, "LinkClicked", contact, clickedAt, id, type);
                    }
                    if (random.nextInt(50) == 0) {
                        counters.merge(base + "|conversions", 1L, Long::sum);
                        counters.merge(base + "|revenue:EUR", 10_000L * (20 + random.nextInt(200)), Long::sum);
                    }
                }
                case "SUPPRESSED" -> counters.merge(base + step + "|suppressed:" + kind, 1L, Long::sum);
                default -> counters.merge(base + step + "|failed", 1L, Long::sum);
            }
        }
        String[] other = {"OrderPlaced", "CartAbandoned", "NewsletterSubscribed", "OrderDelivered", "BookingConfirmed"};
        while (eventsLeft > 0) {
            Instant at = end.minusSeconds(1 + (long) random.nextInt(DAYS * 86_400));
            eventsLeft -= event(events, other[random.nextInt(other.length)], "c-" + random.nextInt(200_000), at,
                    null, null);
        }
        comm.flush();
        messages.flush();
        events.flush();
        c.commit();
        return counters;
    }

    private static int event(Bulk events, String type, String contact, Instant at, String communicationId,
                             String messageType) throws SQLException {
        String data = communicationId == null ? "{\"amount\":42.5,\"orderId\":\"o-1\"}"
                : "{\"communicationId\":\"" + communicationId + "\",\"messageType\":\"" + messageType + "\"}";
        events.add(UUID.randomUUID().toString(), type, contact, Timestamp.from(at), Timestamp.from(at),
                "0".repeat(64), data, "", "");
        return 1;
    }

    /** Each counter split over up to {@value #SHARDS} shards, as concurrent transactions would have left it. */
    static int insertCounters(Connection c, Map<String, Long> counters) throws SQLException {
        Bulk rows = new Bulk(c, "INSERT INTO figure_count (scenario, on_day, version, element, metric, shard, n)"
                + " VALUES ", 7);
        Map<String, Long> gauges = new HashMap<>();
        int written = 0;
        for (Map.Entry<String, Long> counter : counters.entrySet()) {
            String[] k = counter.getKey().split("\\|", -1);
            long n = counter.getValue();
            int shards = (int) Math.min(SHARDS, n);
            for (int shard = 0; shard < shards; shard++) {
                long part = n / shards + (shard < n % shards ? 1 : 0);
                rows.add(k[0], java.sql.Date.valueOf(k[1]), 1, k[2], k[3], shard, part);
                written++;
            }
            if (k[3].equals("passed") && n % 7 == 0) {
                gauges.merge(k[0] + "|" + k[2], 1L, Long::sum);
            }
        }
        rows.flush();
        Bulk gaugeRows = new Bulk(c, "INSERT INTO figure_gauge (scenario, version, element, shard, n) VALUES ", 5);
        for (Map.Entry<String, Long> gauge : gauges.entrySet()) {
            String[] k = gauge.getKey().split("\\|", -1);
            gaugeRows.add(k[0], 1, k[1], 0, gauge.getValue());
        }
        gaugeRows.flush();
        c.commit();
        return written;
    }

    static void measure(int port, String user, String password, List<String> keys, int calls) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        Random random = new Random(7);
        int warmup = Math.max(10, calls / 10);
        double[] ms = new double[calls];
        long bytes = 0;
        for (int i = -warmup; i < calls; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            int length = 1 + random.nextInt(400);
            LocalDate to = LAST_DAY.minusDays(random.nextInt(Math.max(1, DAYS - Math.min(length, DAYS) + 1)));
            LocalDate from = to.minusDays(length - 1);
            String uri = "http://localhost:" + port + "/api/scenarios/" + key + "/performance?from=" + from + "&to="
                    + to + (random.nextInt(5) == 0 ? "&version=1" : "");
            long t = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri))
                    .header("Authorization", auth).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            double elapsed = (System.nanoTime() - t) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + ": " + response.statusCode() + " " + response.body());
            }
            if (i >= 0) {
                ms[i] = elapsed;
                bytes += response.body().length();
            }
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "GET /api/scenarios/{key}/performance, %d calls after %d warm-up calls"
                        + " (random scenario, period 1-400 days): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " mean answer %,d bytes%n", calls, warmup, pct(ms, 50), pct(ms, 95), pct(ms, 99),
                ms[ms.length - 1], bytes / calls);
    }

    static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static long longOption(String name, long fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Long.parseLong(value.strip().replace("_", ""));
    }

    /** Multi-row INSERTs of {@value #ROWS_PER_INSERT} rows, committed every 20 statements. */
    static final class Bulk {
        private final Connection c;
        private final String head;
        private final int columns;
        private final List<Object> values = new ArrayList<>();
        private int rows;
        private int statements;

        Bulk(Connection c, String head, int columns) {
            this.c = c;
            this.head = head;
            this.columns = columns;
        }

        void add(Object... row) throws SQLException {
            values.addAll(Arrays.asList(row));
            if (++rows == ROWS_PER_INSERT) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (rows == 0) {
                return;
            }
            String tuple = "(" + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
            try (PreparedStatement insert = c.prepareStatement(head
                    + String.join(", ", java.util.Collections.nCopies(rows, tuple)))) {
                for (int i = 0; i < values.size(); i++) {
                    insert.setObject(i + 1, values.get(i));
                }
                insert.executeUpdate();
            }
            values.clear();
            rows = 0;
            if (++statements % 20 == 0) {
                c.commit();
            }
        }
    }
}
