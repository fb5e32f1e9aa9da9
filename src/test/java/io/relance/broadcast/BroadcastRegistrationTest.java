package io.relance.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import io.relance.support.ApiClient;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Registering a broadcast's recipients through its scenario's job: the segment picks its contacts; a stored segment
 * that cannot be read registers nobody (never "every contact"), fails the job until an incident names the broadcast
 * and the column, and the broadcast stays visible and is registered once the row is repaired and the job retried.
 * A registration slice registers at least a chunk, then stops when its time is up; the next one goes on after it.
 * Two registrations of one broadcast at once (a job started again when its lock ran out while the first still runs)
 * take turns, chunk by chunk: everyone registered once, no failure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-broadcast;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
class BroadcastRegistrationTest {

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    BroadcastService broadcasts;

    ApiClient api;
    String run;

    @BeforeEach
    void setUp() {
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        run = UUID.randomUUID().toString();
    }

    private void contact(String interest) {
        String id = "c-" + UUID.randomUUID();
        ApiClient.Response response = api.put("/api/contacts/" + id, """
                {"email": "%s@example.com", "firstName": "Inès", "locale": "fr", "timeZone": "Europe/Paris",
                 "consents": {"email": {"granted": true, "at": "2024-01-15T10:00:00Z"}},
                 "attributes": {"interest": "%s", "run": "%s", "visits": 3}}""".formatted(id, interest, run));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private String broadcast(String segment) {
        ApiClient.Response response = api.post("/api/broadcasts", """
                {"name": "Soldes", "messageType": "promotion", "channel": "email", "segment": %s}"""
                .formatted(segment));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("broadcastId").asText();
    }

    private Job job(String broadcastId) {
        return managementService.createJobQuery()
                .processInstanceId(runtimeService.createProcessInstanceQuery()
                        .processInstanceBusinessKey(broadcastId).singleResult().getId())
                .singleResult();
    }

    private int registered(String broadcastId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM pending_message WHERE broadcast_id = ?", Integer.class,
                broadcastId);
    }

    @Test
    void theSegmentPicksItsContacts() {
        contact("outdoor");
        contact("city");
        contact("outdoor");
        String outdoor = broadcast("""
                {"interest": "outdoor", "run": "%s", "visits": 3.0}""".formatted(run));
        managementService.executeJob(job(outdoor).getId());
        assertThat(registered(outdoor)).isEqualTo(2);
        JsonNode shown = api.get("/api/broadcasts/" + outdoor).json();
        assertThat(shown.path("status").asText()).isEqualTo(Broadcast.REGISTERED);
        assertThat(shown.path("recipients").asInt()).isEqualTo(2);
    }

    @Test
    void anUnreadableStoredSegmentRegistersNobodyAndRaisesAnIncident() {
        contact("outdoor");
        contact("city");
        String id = broadcast("""
                {"interest": "outdoor", "run": "%s"}""".formatted(run));
        jdbc.update("UPDATE broadcast SET segment = ? WHERE id = ?", "{\"interest\": \"outd", id);

        Job job = job(id);
        Throwable failure = catchThrowable(() -> managementService.executeJob(job.getId()));
        assertThat(failure).hasMessageContaining("Broadcast " + id).hasMessageContaining("broadcast.segment");
        while (job(id).getRetries() > 0) {
            catchThrowable(() -> managementService.executeJob(job.getId()));
        }
        Incident incident = runtimeService.createIncidentQuery().configuration(job.getId())
                .processInstanceId(job.getProcessInstanceId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getIncidentMessage()).contains(id).contains("broadcast.segment");
        assertThat(registered(id)).as("nobody registered, least of all every contact").isZero();
        ApiClient.Response shown = api.get("/api/broadcasts/" + id);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().path("status").asText()).isEqualTo(Broadcast.REGISTERING);
        assertThat(shown.json().path("recipients").asInt()).isZero();

        // Repaired, then retried: the broadcast reaches its segment.
        jdbc.update("UPDATE broadcast SET segment = ? WHERE id = ?",
                "{\"interest\": \"outdoor\", \"run\": \"" + run + "\"}", id);
        managementService.setJobRetries(job.getId(), 1);
        managementService.executeJob(job.getId());
        assertThat(registered(id)).isEqualTo(1);
        assertThat(api.get("/api/broadcasts/" + id).json().path("status").asText()).isEqualTo(Broadcast.REGISTERED);
    }

    /** Copies of a contact made by the API, {@code count} in all, inserted with JDBC (the API would take long). */
    private void copies(int count) {
        contact("outdoor");
        java.util.Map<String, Object> model = jdbc.queryForMap("SELECT * FROM contact WHERE attributes LIKE ?",
                "%" + run + "%");
        List<String> columns = List.copyOf(model.keySet());
        String sql = "INSERT INTO contact (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 1; i < count; i++) {
            String id = "copy-" + run + "-" + i;
            rows.add(columns.stream().map(column -> switch (column.toLowerCase(java.util.Locale.ROOT)) {
                case "id" -> id;
                case "email" -> id + "@example.com";
                default -> model.get(column);
            }).toArray());
        }
        jdbc.batchUpdate(sql, rows);
    }

    @Test
    void twoRegistrationsOfOneBroadcastAtOnceTakeTurns() throws Exception {
        copies(2500);
        String id = broadcast("""
                {"interest": "outdoor", "run": "%s"}""".formatted(run));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return broadcasts.registerRecipients(id);
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Integer> registration : runs) {
                assertThat(registration.get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .as("each registration ends without failure and answers the whole count").isEqualTo(2500);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registered(id)).isEqualTo(2500);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT contact_id) FROM pending_message WHERE broadcast_id = ?",
                Integer.class, id)).isEqualTo(2500);
        JsonNode shown = api.get("/api/broadcasts/" + id).json();
        assertThat(shown.path("status").asText()).isEqualTo(Broadcast.REGISTERED);
        assertThat(shown.path("recipients").asInt()).isEqualTo(2500);
    }

    @Test
    void aSliceRegistersAtLeastAChunkAndTheNextGoesOnAfterIt() {
        copies(2500);
        String id = broadcast("""
                {"interest": "outdoor", "run": "%s"}""".formatted(run));
        List<Integer> afterEachSlice = new java.util.ArrayList<>();
        BroadcastService.Registration registration;
        do {
            registration = broadcasts.registerRecipients(id, java.time.Duration.ofNanos(1));
            afterEachSlice.add(registration.recipients());
            assertThat(registration.recipients()).isEqualTo(registered(id));
            assertThat(afterEachSlice).hasSizeLessThan(100);
        } while (!registration.done());
        assertThat(afterEachSlice).as("one chunk per slice (1,000 contacts looked at), each after the other")
                .hasSizeGreaterThan(2).isSorted().endsWith(2500);
        assertThat(afterEachSlice.get(0)).isLessThan(2500);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT contact_id) FROM pending_message WHERE broadcast_id = ?",
                Integer.class, id)).isEqualTo(2500);
        assertThat(api.get("/api/broadcasts/" + id).json().path("status").asText()).isEqualTo(Broadcast.REGISTERED);
    }
}
