package io.relance.privacy;

import io.relance.scenario.DataRetention;
import io.relance.support.ApiClient;
import io.relance.support.TestClock;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly retention run end to end, on a fixed clock: contacts created four years ago, some with signs of life
 * since, some with an open order or a booking ahead; the run (the timer job of bpmn/data-retention.bpmn) erases the
 * inactive ones, two per run ({@code relance.retention.max-per-run=2}), and keeps the others.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-retention;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.retention.max-per-run=2"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class DataRetentionOnH2Test {

    static final Instant LONG_AGO = Instant.parse("2022-10-03T10:00:00Z");
    static final Instant LAST_SUMMER = Instant.parse("2026-06-01T10:00:00Z");
    /** The night of the run: the default period (P3Y) reaches back to 24 November 2023. */
    static final Instant NIGHT = Instant.parse("2026-11-24T02:15:00Z");

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;
    @Autowired
    JdbcTemplate jdbc;

    private ApiClient api() {
        return ApiClient.as(port, "integration", "integration-secret-for-tests");
    }

    private void contact(String id) {
        ApiClient.Response response = api().put("/api/contacts/" + id, """
                {"email": "%s@example.com", "firstName": "Ann", "consents": {"email": {"granted": true}}}"""
                .formatted(id));
        assertThat(response.status()).as(response.body()).isIn(200, 201);
    }

    private void event(String contactId, String type, Instant at, String data) {
        ApiClient.Response response = api().post("/api/events", """
                {"eventId": "%s-%s-%s", "type": "%s", "contactId": "%s", "occurredAt": "%s", "data": %s}"""
                .formatted(contactId, type, at.getEpochSecond(), type, contactId, at, data));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    /** The scenarios these contacts were in are over (as they would be after years). */
    private void endScenariosOf(String... contactIds) {
        for (String contactId : contactIds) {
            for (ProcessInstance instance : runtimeService.createProcessInstanceQuery()
                    .processInstanceBusinessKey(contactId).list()) {
                runtimeService.deleteProcessInstanceIfExists(instance.getId(), "over", false, true, false, false);
            }
        }
    }

    /** Runs the nightly timer job; returns the count the run recorded in its process variable. */
    private Object runTheNightlyJob() {
        Job timer = managementService.createJobQuery().processDefinitionKey(DataRetention.PROCESS_KEY).timers()
                .singleResult();
        managementService.executeJob(timer.getId());
        List<HistoricVariableInstance> counts = historyService.createHistoricVariableInstanceQuery()
                .variableName(DataRetention.ERASED.name()).list();
        return counts.stream().max(java.util.Comparator.comparing(HistoricVariableInstance::getCreateTime))
                .orElseThrow().getValue();
    }

    private int status(String contactId) {
        return api().get("/api/contacts/" + contactId).status();
    }

    @Test
    void inactiveContactsAreErasedTwoPerRunAndTheOthersAreKept() throws InterruptedException {
        clock.set(LONG_AGO);
        for (String id : List.of("idle-1", "idle-2", "idle-3", "closed-order", "open-order", "stay", "recent-event",
                "recent-profile")) {
            contact(id);
        }
        event("closed-order", "OrderPlaced", LONG_AGO, "{\"orderId\": \"o-1\", \"amount\": 20}");
        event("closed-order", "OrderDelivered", LONG_AGO.plusSeconds(86_400 * 4), "{\"orderId\": \"o-1\"}");
        event("open-order", "OrderPlaced", LONG_AGO, "{\"orderId\": \"o-2\", \"amount\": 20}");
        event("stay", "BookingConfirmed", LONG_AGO, """
                {"bookingId": "b-1", "departureDate": "2027-06-01"}""");
        endScenariosOf("closed-order", "open-order");
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("stay")
                .processDefinitionKey("stay-preparation").count()).as("the stay ahead").isOne();
        clock.set(LAST_SUMMER);
        event("recent-event", "NewsletterSubscribed", LAST_SUMMER, "{\"source\": \"popup\"}");
        endScenariosOf("recent-event");
        contact("recent-profile");

        clock.set(NIGHT);
        // Contact ids in order: closed-order, idle-1 | idle-2, idle-3 | nothing left.
        assertThat(runTheNightlyJob()).isEqualTo(2);
        assertThat(status("closed-order")).isEqualTo(404);
        assertThat(status("idle-1")).isEqualTo(404);
        assertThat(status("idle-2")).isEqualTo(200);
        Thread.sleep(5); // the next run's variable is created later
        assertThat(runTheNightlyJob()).isEqualTo(2);
        Thread.sleep(5);
        assertThat(runTheNightlyJob()).isEqualTo(0);

        for (String erased : List.of("closed-order", "idle-1", "idle-2", "idle-3")) {
            ApiClient.Response gone = api().get("/api/contacts/" + erased);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.json().path("title").asText()).isEqualTo("Contact erased");
        }
        for (String kept : List.of("open-order", "stay", "recent-event", "recent-profile")) {
            assertThat(status(kept)).as(kept).isEqualTo(200);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erasure_record WHERE cause = 'retention'"
                + " AND erased_by = 'retention'", Long.class)).isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_event WHERE contact_id = 'closed-order'",
                Long.class)).isZero();
    }
}
