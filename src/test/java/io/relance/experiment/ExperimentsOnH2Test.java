package io.relance.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.relance.channel.Category;
import io.relance.channel.CommunicationRecorded;
import io.relance.channel.MessageChannel;
import io.relance.channel.SendStatus;
import io.relance.pressure.ArbitrationWorker;
import io.relance.pressure.MessageRules;
import io.relance.scenario.AbandonedCart;
import io.relance.scenario.ScenarioVariables;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.ExperimentTableCopy;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.Waits;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped experiment on the first cart reminder, end to end over REST: contacts whose arms are known in advance
 * (the arm is a pure function of experiment and contact: {@link Experiment#pick}), sticky assignments, messages,
 * opens and orders counted per arm (the holdout's order too), the results and the timeline; then new weights (new
 * contacts only) and the end of the experiment, as a marketer changes dmn/experiments.dmn; the pressure experiment's
 * arms for a batch of contacts and its caps; the messages of one transaction counted together when it commits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-experiments;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.experiments.recheck=PT0S",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExperimentsOnH2Test extends SmtpTest {

    /** A Tuesday, 10:30 in Paris: outside quiet hours, past the send slot. */
    private static final Instant TUESDAY = Instant.parse("2026-11-24T09:30:00Z");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    ManagementService management;
    @Autowired
    RepositoryService repository;
    @Autowired
    ArbitrationWorker arbitration;
    @Autowired
    ExperimentDefinitions definitions;
    @Autowired
    ExperimentService experiments;
    @Autowired
    MessageRules rules;
    @Autowired
    TestClock clock;
    @Autowired
    ExperimentTables tables;
    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcTemplate jdbc;

    private ApiClient api() {
        return ApiClient.as(port, "integration", "integration-secret-for-tests");
    }

    /** A contact id that the shipped weights put in {@code arm} (found by the pure assignment function). */
    private String contactIn(Experiment experiment, String arm, String prefix) {
        for (int i = 0; ; i++) {
            String id = prefix + "-" + RUN + "-" + i;
            if (experiment.pick(id).equals(arm)) {
                return id;
            }
        }
    }

    private void createContact(String id) {
        ApiClient.Response created = api().put("/api/contacts/" + id, """
                {"email": "%s@example.com", "firstName": "Lou", "locale": "fr",
                 "consents": {"email": {"granted": true, "at": "2025-01-01T10:00:00Z"}}}""".formatted(id));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private JsonNode event(String type, String contactId, String data) {
        ApiClient.Response response = api().post("/api/events", """
                {"eventId": "e-%s", "type": "%s", "contactId": "%s", "occurredAt": "%s", "data": %s}"""
                .formatted(UUID.randomUUID(), type, contactId, clock.instant(), data));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json();
    }

    private String abandon(String contactId) {
        return event("CartAbandoned", contactId, """
                {"cartUrl": "https://shop.example.com/cart/1", "amount": 89.9,
                 "lines": [{"name": "Trail shoes", "quantity": 1, "price": 89.9}]}""")
                .path("startedInstances").get(0).asText();
    }

    private Map<String, JsonNode> arms(JsonNode results) {
        Map<String, JsonNode> arms = new HashMap<>();
        results.path("arms").forEach(arm -> arms.put(arm.path("arm").asText(), arm));
        return arms;
    }

    private JsonNode results() {
        ApiClient.Response response = api().get("/api/experiments/" + AbandonedCart.EXPERIMENT_FIRST_REMINDER);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    @Order(1)
    void theFirstReminderExperimentAssignsCountsAndReports() {
        clock.set(TUESDAY);
        Experiment shipped = definitions.get(AbandonedCart.EXPERIMENT_FIRST_REMINDER);
        assertThat(shipped.running()).isTrue();
        String reference = contactIn(shipped, AbandonedCart.ARM_45_MINUTES, "ref");
        String late = contactIn(shipped, AbandonedCart.ARM_THREE_HOURS, "late");
        String holdout = contactIn(shipped, AbandonedCart.ARM_HOLDOUT, "hold");
        List.of(reference, late, holdout).forEach(this::createContact);

        String referenceInstance = abandon(reference);
        String lateInstance = abandon(late);
        String holdoutInstance = abandon(holdout);

        assertThat(runtime.getActiveActivityIds(referenceInstance)).contains(AbandonedCart.TIMER_FIRST_REMINDER_DELAY);
        assertThat(runtime.getVariable(referenceInstance, ScenarioVariables.ARM.name()))
                .isEqualTo(AbandonedCart.ARM_45_MINUTES);
        assertThat(runtime.getActiveActivityIds(lateInstance)).contains(AbandonedCart.TIMER_FIRST_REMINDER_LATE);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(holdoutInstance).singleResult()
                .getEndTime()).as("the holdout receives nothing: its instance has ended").isNotNull();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(holdoutInstance)
                .activityId(AbandonedCart.END_HOLDOUT).count()).isEqualTo(1);

        // The reference contact's first reminder: sent, then opened and clicked.
        Waits.runTimer(engine, referenceInstance);
        Waits.arbitratedSend(engine, referenceInstance, AbandonedCart.TASK_SEND_REMINDER_1);
        Arbitrated.settle(arbitration);
        String communicationId = (String) runtime.getVariable(referenceInstance,
                ScenarioVariables.COMMUNICATION_ID.name());
        assertThat(runtime.getVariable(referenceInstance, ScenarioVariables.SEND_STATUS.name())).isEqualTo("sent");
        event("EmailOpened", reference, "{\"communicationId\": \"%s\"}".formatted(communicationId));
        event("LinkClicked", reference, "{\"communicationId\": \"%s\", \"url\": \"https://shop.example.com\"}"
                .formatted(communicationId));

        // The late contact abandons again: a new instance, the same arm, still one contact in the arm.
        event("CartAbandoned", late, "{\"amount\": 40}");
        // Orders: the reference contact and the holdout contact (no message, still counted).
        event("OrderPlaced", reference, "{\"orderId\": \"o-1\", \"amount\": 89.9, \"currency\": \"EUR\"}");
        event("OrderPlaced", holdout, "{\"orderId\": \"o-2\", \"amount\": 50, \"currency\": \"EUR\"}");

        JsonNode results = results();
        assertThat(results.path("active").asBoolean()).isTrue();
        assertThat(results.path("scenario").asText()).isEqualTo(AbandonedCart.PROCESS_KEY);
        assertThat(results.path("referenceArm").asText()).isEqualTo(AbandonedCart.ARM_45_MINUTES);
        Map<String, JsonNode> arms = arms(results);
        JsonNode ref = arms.get(AbandonedCart.ARM_45_MINUTES);
        assertThat(ref.path("weight").asInt()).isEqualTo(45);
        assertThat(ref.path("contacts").asLong()).isEqualTo(1);
        assertThat(ref.path("sent").asLong()).isEqualTo(1);
        assertThat(ref.path("opened").asLong()).isEqualTo(1);
        assertThat(ref.path("clicked").asLong()).isEqualTo(1);
        assertThat(ref.path("conversions").asLong()).isEqualTo(1);
        assertThat(ref.path("revenue").decimalValue()).isEqualByComparingTo("89.9");
        assertThat(ref.path("conversionRate").asDouble()).isEqualTo(1.0);
        assertThat(ref.path("verdict").asText()).isEqualTo("bras de référence");
        JsonNode lateArm = arms.get(AbandonedCart.ARM_THREE_HOURS);
        assertThat(lateArm.path("contacts").asLong()).isEqualTo(1);
        assertThat(lateArm.path("sent").asLong()).isZero();
        assertThat(lateArm.path("conversions").asLong()).isZero();
        assertThat(lateArm.path("lift").asDouble()).isEqualTo(-1.0);
        assertThat(lateArm.path("liftInterval").path("low").isNumber()).isTrue();
        assertThat(lateArm.path("pValue").isNumber()).isTrue();
        assertThat(lateArm.path("verdict").asText()).startsWith("pas encore significatif");
        JsonNode holdoutArm = arms.get(AbandonedCart.ARM_HOLDOUT);
        assertThat(holdoutArm.path("contacts").asLong()).isEqualTo(1);
        assertThat(holdoutArm.path("sent").asLong()).isZero();
        assertThat(holdoutArm.path("conversions").asLong()).as("the holdout's order counts").isEqualTo(1);
        assertThat(holdoutArm.path("revenue").decimalValue()).isEqualByComparingTo("50");
        assertThat(holdoutArm.path("conversionRateInterval").path("high").asDouble()).isEqualTo(1.0);

        // The assignment on the contact's timeline.
        List<JsonNode> entries = new ArrayList<>();
        api().get("/api/contacts/" + late + "/timeline").json().path("entries").forEach(entries::add);
        assertThat(entries).filteredOn(e -> e.path("kind").asText().equals("experiment")).singleElement()
                .satisfies(e -> {
                    assertThat(e.path("experiment").asText()).isEqualTo(AbandonedCart.EXPERIMENT_FIRST_REMINDER);
                    assertThat(e.path("arm").asText()).isEqualTo(AbandonedCart.ARM_THREE_HOURS);
                    assertThat(e.path("scenario").asText()).isEqualTo(AbandonedCart.PROCESS_KEY);
                });
    }

    @Test
    @Order(2)
    void newWeightsApplyToNewContactsOnlyAndAnEndedExperimentGivesTheReferenceArm() {
        clock.set(TUESDAY.plusSeconds(3600));
        Experiment shipped = definitions.get(AbandonedCart.EXPERIMENT_FIRST_REMINDER);
        String late = contactIn(shipped, AbandonedCart.ARM_THREE_HOURS, "sticky");
        createContact(late);
        abandon(late);

        // The marketer sends every new contact to the holdout.
        ExperimentTableCopy.ofShipped()
                .set(AbandonedCart.EXPERIMENT_FIRST_REMINDER, AbandonedCart.ARM_45_MINUTES, "weight", "0")
                .set(AbandonedCart.EXPERIMENT_FIRST_REMINDER, AbandonedCart.ARM_THREE_HOURS, "weight", "0")
                .deploy(repository);
        String newcomer = "new-" + RUN;
        createContact(newcomer);
        String newInstance = abandon(newcomer);
        String againInstance = abandon(late);

        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(newInstance)
                .activityId(AbandonedCart.END_HOLDOUT).count()).isEqualTo(1);
        assertThat(runtime.getVariable(againInstance, ScenarioVariables.ARM.name()))
                .as("a contact keeps its arm").isEqualTo(AbandonedCart.ARM_THREE_HOURS);
        assertThat(arms(results()).get(AbandonedCart.ARM_45_MINUTES).path("weight").asInt()).isZero();

        // The experiment ends: everyone gets the reference arm, nothing more is recorded.
        ExperimentTableCopy.end(repository, AbandonedCart.EXPERIMENT_FIRST_REMINDER);
        long before = arms(results()).values().stream().mapToLong(a -> a.path("contacts").asLong()).sum();
        String afterEnd = "after-" + RUN;
        createContact(afterEnd);
        String endedInstance = abandon(afterEnd);
        String lateAfterEnd = abandon(late);

        assertThat(runtime.getVariable(endedInstance, ScenarioVariables.ARM.name()))
                .isEqualTo(AbandonedCart.ARM_45_MINUTES);
        assertThat(runtime.getVariable(lateAfterEnd, ScenarioVariables.ARM.name()))
                .as("once ended, every contact gets the reference arm").isEqualTo(AbandonedCart.ARM_45_MINUTES);
        JsonNode ended = results();
        assertThat(ended.path("active").asBoolean()).isFalse();
        assertThat(arms(ended).values().stream().mapToLong(a -> a.path("contacts").asLong()).sum()).isEqualTo(before);
        assertThat(experiments.ofContact(afterEnd)).isEmpty();
    }

    @Test
    @Order(3)
    void listsTheExperimentsAndRefusesAnUnknownOne() {
        ApiClient.Response all = api().get("/api/experiments");
        assertThat(all.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        all.json().path("experiments").forEach(e -> ids.add(e.path("experiment").asText()));
        assertThat(ids).contains(AbandonedCart.EXPERIMENT_FIRST_REMINDER, MessageRules.PRESSURE_EXPERIMENT);

        ApiClient.Response unknown = api().get("/api/experiments/no-such-test");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().path("detail").asText()).contains("no-such-test");
    }

    @Test
    @Order(4)
    void thePressureExperimentShipsInactiveAndGivesLighterCapsToItsLightArm() {
        List<String> batch = List.of("p1-" + RUN, "p2-" + RUN, "p3-" + RUN);
        assertThat(experiments.armsOf(MessageRules.PRESSURE_EXPERIMENT, batch).values()).containsOnly("standard");
        assertThat(experiments.ofContact(batch.get(0))).as("nothing recorded while inactive").isEmpty();

        ExperimentTableCopy.ofShipped().set(MessageRules.PRESSURE_EXPERIMENT, null, "active", "true")
                .deploy(repository);
        Experiment running = definitions.get(MessageRules.PRESSURE_EXPERIMENT);
        Map<String, String> arms = experiments.armsOf(MessageRules.PRESSURE_EXPERIMENT, batch);
        batch.forEach(id -> assertThat(arms.get(id)).isEqualTo(running.pick(id)));
        assertThat(experiments.armsOf(MessageRules.PRESSURE_EXPERIMENT, batch)).isEqualTo(arms);
        assertThat(experiments.ofContact(batch.get(0))).singleElement()
                .satisfies(a -> assertThat(a.arm()).isEqualTo(arms.get(batch.get(0))));

        assertThat(rules.caps(MessageRules.ALL_CHANNELS, null, 400, "light"))
                .isEqualTo(new MessageRules.Caps(MessageRules.ALL_CHANNELS, 1, 1, 4));
        assertThat(rules.caps(MessageRules.ALL_CHANNELS, null, 400, "standard"))
                .isEqualTo(rules.caps(MessageRules.ALL_CHANNELS, null, 400));
        ExperimentTableCopy.ofShipped().deploy(repository);
    }

    @Test
    @Order(5)
    void theMessagesOfOneTransactionCountForTheirInstancesAndContactsWhenItCommits() {
        String first = AbandonedCart.EXPERIMENT_FIRST_REMINDER;
        String pressure = MessageRules.PRESSURE_EXPERIMENT;
        tables.insertInstance("pi-a-" + RUN, first, AbandonedCart.ARM_45_MINUTES, "ca-" + RUN);
        tables.insertInstance("pi-b-" + RUN, first, AbandonedCart.ARM_THREE_HOURS, "cb-" + RUN);
        tables.insertAll(List.of(new ExperimentTables.Assignment(pressure, "cc-" + RUN, "light", null, null, TUESDAY)));
        TransactionTemplate tx = new TransactionTemplate(transactions);

        tx.executeWithoutResult(status -> {
            publisher.publishEvent(recorded("m1", "pi-a-" + RUN, "ca-" + RUN, Category.COMMERCIAL, SendStatus.SENT));
            publisher.publishEvent(recorded("m2", "pi-b-" + RUN, "cb-" + RUN, Category.COMMERCIAL,
                    SendStatus.SUPPRESSED));
            publisher.publishEvent(recorded("m3", null, "cc-" + RUN, Category.COMMERCIAL, SendStatus.SENT));
            publisher.publishEvent(recorded("m4", null, "cc-" + RUN, Category.TRANSACTIONAL, SendStatus.SENT));
            publisher.publishEvent(recorded("m5", "pi-none-" + RUN, "cd-" + RUN, Category.COMMERCIAL,
                    SendStatus.SENT));
            assertThat(messagesCounted()).as("counted when the transaction commits").isEmpty();
        });
        tx.executeWithoutResult(status -> {
            publisher.publishEvent(recorded("m6", "pi-a-" + RUN, "ca-" + RUN, Category.COMMERCIAL, SendStatus.SENT));
            status.setRollbackOnly();
        });

        assertThat(messagesCounted()).containsExactlyInAnyOrder(
                "m1-" + RUN + " " + first + " " + AbandonedCart.ARM_45_MINUTES + " SENT",
                "m2-" + RUN + " " + first + " " + AbandonedCart.ARM_THREE_HOURS + " SUPPRESSED",
                "m3-" + RUN + " " + pressure + " light SENT");
    }

    private CommunicationRecorded recorded(String id, String instance, String contact, Category category,
                                           SendStatus status) {
        return new CommunicationRecorded(id + "-" + RUN, contact, instance == null ? null : AbandonedCart.PROCESS_KEY,
                instance, "Task_Send", MessageChannel.EMAIL, "reminder", category, status,
                status == SendStatus.SENT ? null : "capped", TUESDAY);
    }

    private List<String> messagesCounted() {
        return jdbc.queryForList("SELECT CONCAT(communication_id, ' ', experiment, ' ', arm, ' ', status)"
                + " FROM experiment_message WHERE communication_id LIKE ?", String.class, "%-" + RUN);
    }
}
