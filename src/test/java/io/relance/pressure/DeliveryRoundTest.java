package io.relance.pressure;

import io.relance.support.ApiClient;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.Waits;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delivery round sends the granted messages it claimed, then completes their send tasks and writes their outcomes
 * in one transaction; when that fails (a task that ended meanwhile), one by one, so that the others still go on. The
 * messages of a round are recorded as {@code sending} together and their outcomes written together: a message already
 * in the log is not sent again, and a provider that fails leaves the rest of the round granted, none {@code sending}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-delivery-round;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example",
        // The intake's turns follow the pace of the messages (the default applies them always).
        "relance.events.limit-when=behind"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class DeliveryRoundTest extends SmtpTest {

    private static final String PROCESS = "delivery-round";

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    ExternalTaskService externalTasks;
    @Autowired
    ArbitrationWorker arbitration;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    DeliveryBehind deliveryBehind;
    @Autowired
    PressureProperties properties;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @BeforeEach
    void setUp() {
        // Tuesday 10:30 in Paris: no quiet hours, inside the send slot.
        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
        if (repositoryService.createProcessDefinitionQuery().processDefinitionKey(PROCESS).count() == 0) {
            byte[] bpmn = Bpmn.convertToString(Bpmn.createExecutableProcess(PROCESS).camundaHistoryTimeToLive(1)
                    .startEvent()
                    .serviceTask("Task_Send").camundaAsyncBefore().camundaDelegateExpression("${sendEmail}")
                    .camundaInputParameter("messageType", "welcome")
                    .camundaInputParameter("category", "commercial")
                    .userTask("Task_After")
                    .endEvent()
                    .done()).getBytes(StandardCharsets.UTF_8);
            repositoryService.createDeployment().name(PROCESS).addInputStream(PROCESS + ".bpmn",
                    new ByteArrayInputStream(ArbitratedSends.apply(bpmn))).deploy();
        }
    }

    private String contact() {
        String id = "round-" + UUID.randomUUID();
        ApiClient.Response response = ApiClient.as(port, "integration", "integration-secret-for-tests")
                .put("/api/contacts/" + id, """
                        {"email": "%s@example.com", "firstName": "Inès", "locale": "fr",
                         "consents": {"email": {"granted": true, "at": "2024-01-15T10:00:00Z"}}}""".formatted(id));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    /** Starts one instance per contact and decides their messages: all granted, none sent yet. */
    private List<String> grantedFor(List<String> contacts) {
        List<String> instances = new ArrayList<>();
        for (String contactId : contacts) {
            instances.add(runtimeService.startProcessInstanceByKey(PROCESS, contactId,
                    java.util.Map.of("contactId", contactId)).getId());
        }
        instances.forEach(instance -> Waits.arbitratedSend(engine, instance, "Task_Send"));
        arbitration.takeNewTasks();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM pending_message WHERE status = 'GRANTED' AND contact_id IN ("
                + String.join(", ", contacts.stream().map(c -> "'" + c + "'").toList()) + ")", Integer.class))
                .isEqualTo(contacts.size());
        assertThat(smtp.getReceivedMessages()).isEmpty();
        return instances;
    }

    private List<String> recipients() throws Exception {
        List<String> to = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            Arrays.stream(message.getAllRecipients()).forEach(a -> to.add(a.toString()));
        }
        return to;
    }

    private String status(String contactId) {
        return jdbc.queryForObject("SELECT status FROM pending_message WHERE contact_id = ?", String.class, contactId);
    }

    @Test
    void oneRoundSendsEveryClaimedMessageAndMovesEveryScenarioOn() throws Exception {
        List<String> contacts = List.of(contact(), contact(), contact());
        List<String> instances = grantedFor(contacts);

        assertThat(arbitration.deliverGranted()).isEqualTo(3);

        assertThat(recipients()).containsExactlyInAnyOrderElementsOf(
                contacts.stream().map(c -> c + "@example.com").toList());
        for (int i = 0; i < contacts.size(); i++) {
            assertThat(runtimeService.getVariable(instances.get(i), "sendStatus")).isEqualTo("sent");
            assertThat(runtimeService.createExecutionQuery().processInstanceId(instances.get(i))
                    .activityId("Task_After").count()).isEqualTo(1);
            assertThat(status(contacts.get(i))).isEqualTo("SENT");
        }
        assertThat(externalTasks.createExternalTaskQuery().processInstanceIdIn(instances.toArray(String[]::new))
                .count()).isZero();
    }

    /**
     * A round that claims as many granted messages as it takes at once says the node's messages run behind their
     * events; the intake then takes turns ({@code relance.events.limited} 1). A round with room to spare does not.
     */
    @Test
    void aRoundThatFindsAsMuchWorkAsItTakesAtOnceSaysTheMessagesRunBehindAndTheIntakeTakesTurns() throws Exception {
        int claim = properties.dispatcher().claim();
        assertThat(claim).isLessThan(properties.dispatcher().fetch());
        List<String> contacts = java.util.stream.IntStream.range(0, claim).mapToObj(i -> contact()).toList();
        grantedFor(contacts);
        assertThat(deliveryBehind.behind()).as("fewer send tasks fetched than a round takes").isFalse();
        assertThat(meters.get("relance.events.limited").gauge().value()).isZero();

        assertThat(arbitration.deliverGranted()).isEqualTo(claim);

        assertThat(recipients()).containsExactlyInAnyOrderElementsOf(
                contacts.stream().map(c -> c + "@example.com").toList());
        assertThat(deliveryBehind.behind()).as("a full claim: more may be waiting").isTrue();
        assertThat(meters.get("relance.events.limited").gauge().value()).isEqualTo(1);
    }

    @Test
    void theConstantInputsOfASendTaskAreNoVariablesAndAnotherNodeReadsThemFromTheDiagram() throws Exception {
        List<String> contacts = List.of(contact(), contact());
        List<String> instances = grantedFor(contacts);
        assertThat(runtimeService.createVariableInstanceQuery().processInstanceIdIn(instances.toArray(String[]::new))
                .variableNameIn("messageType", "category").count())
                .as("messageType and category are properties of the deployed task, not variables").isZero();

        // Another node, which did not take the tasks: it reads each task and its inputs again.
        ArbitrationWorker otherNode = context.getAutowireCapableBeanFactory().createBean(ArbitrationWorker.class);
        assertThat(otherNode).isNotSameAs(arbitration);
        assertThat(otherNode.deliverGranted()).isEqualTo(2);

        assertThat(recipients()).containsExactlyInAnyOrderElementsOf(
                contacts.stream().map(c -> c + "@example.com").toList());
        for (String contactId : contacts) {
            assertThat(jdbc.queryForObject("SELECT message_type FROM communication WHERE contact_id = ?",
                    String.class, contactId)).isEqualTo("welcome");
            assertThat(jdbc.queryForObject("SELECT category FROM communication WHERE contact_id = ?",
                    String.class, contactId)).isEqualTo("COMMERCIAL");
        }
        for (String instance : instances) {
            assertThat(runtimeService.getVariable(instance, "sendStatus")).isEqualTo("sent");
        }
    }

    @Test
    void aTaskThatEndedMeanwhileDoesNotHoldTheOthersBack() throws Exception {
        List<String> contacts = List.of(contact(), contact(), contact());
        List<String> instances = grantedFor(contacts);
        // The second scenario ends (cancelled by an operator) after its message was granted.
        runtimeService.deleteProcessInstance(instances.get(1), "cancelled by the test");

        assertThat(arbitration.deliverGranted()).isEqualTo(3);

        for (int i : new int[]{0, 2}) {
            assertThat(runtimeService.getVariable(instances.get(i), "sendStatus")).isEqualTo("sent");
            assertThat(runtimeService.createExecutionQuery().processInstanceId(instances.get(i))
                    .activityId("Task_After").count()).isEqualTo(1);
        }
        assertThat(contacts).allSatisfy(c -> assertThat(status(c)).as(c).isEqualTo("SENT"));
        assertThat(recipients()).contains(contacts.get(0) + "@example.com", contacts.get(2) + "@example.com");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM communication WHERE contact_id = ? AND status = 'SENT'",
                Integer.class, contacts.get(1))).as("what was sent stays in the log").isEqualTo(1);
        assertThat(arbitration.deliverGranted()).as("nothing left granted").isZero();
    }

    private String externalTaskOf(String instanceId) {
        return externalTasks.createExternalTaskQuery().processInstanceId(instanceId).singleResult().getId();
    }

    private int retriesOf(String instanceId) {
        Integer retries = externalTasks.createExternalTaskQuery().processInstanceId(instanceId).singleResult()
                .getRetries();
        return retries == null ? -1 : retries;
    }

    @Test
    void aMessageOfTheRoundAlreadyInTheLogIsNotSentAgainWhileTheOthersGo() throws Exception {
        List<String> contacts = List.of(contact(), contact(), contact());
        List<String> instances = grantedFor(contacts);
        // The second one was handed over by an attempt that stopped before its outcome reached the round (a crash):
        // the log has it as sent, under the send's idempotency key.
        String earlier = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO communication (id, idempotency_key, contact_id, process_instance_id, activity_id,"
                        + " channel, message_type, category, status, created_at, updated_at, test_send)"
                        + " VALUES (?, ?, ?, ?, 'Task_Send', 'EMAIL', 'welcome', 'COMMERCIAL', 'SENT', ?, ?, FALSE)",
                earlier, instances.get(1) + ":Task_Send:" + externalTaskOf(instances.get(1)), contacts.get(1),
                instances.get(1), java.sql.Timestamp.from(clock.instant()), java.sql.Timestamp.from(clock.instant()));

        assertThat(arbitration.deliverGranted()).isEqualTo(3);

        assertThat(recipients()).as("the one in the log is not sent again").containsExactlyInAnyOrder(
                contacts.get(0) + "@example.com", contacts.get(2) + "@example.com");
        assertThat(runtimeService.getVariable(instances.get(1), "communicationId")).isEqualTo(earlier);
        for (int i = 0; i < contacts.size(); i++) {
            assertThat(runtimeService.getVariable(instances.get(i), "sendStatus")).isEqualTo("sent");
            assertThat(status(contacts.get(i))).isEqualTo("SENT");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM communication WHERE contact_id = ? AND status = 'SENT'",
                    Integer.class, contacts.get(i))).isEqualTo(1);
        }
    }

    @Test
    void aProviderThatFailsLeavesTheRestOfTheRoundGrantedAndNothingSending() throws Exception {
        List<String> contacts = List.of(contact(), contact(), contact());
        List<String> instances = grantedFor(contacts);
        List<Integer> retriesBefore = instances.stream().map(this::retriesOf).toList();
        smtp.stop();
        try {
            assertThat(arbitration.deliverGranted()).isEqualTo(3);

            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM communication WHERE contact_id IN (?, ?, ?)",
                    Integer.class, contacts.toArray()))
                    .as("nothing was handed over: nothing recorded, nothing left 'sending'").isZero();
            List<Integer> retriesAfter = instances.stream().map(this::retriesOf).toList();
            List<Integer> tried = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                if (!retriesAfter.get(i).equals(retriesBefore.get(i))) {
                    tried.add(i);
                }
            }
            assertThat(tried).as("only the first message of the round met the failing provider (its task failed once;"
                    + " the others were not tried, their tasks untouched)").hasSize(1);
            for (int i = 0; i < contacts.size(); i++) {
                if (!tried.contains(i)) {
                    assertThat(status(contacts.get(i))).isEqualTo("GRANTED");
                    assertThat(jdbc.queryForObject("SELECT decide_at FROM pending_message WHERE contact_id = ?",
                            java.sql.Timestamp.class, contacts.get(i)).toInstant())
                            .as("tried again after the retry time").isAfter(clock.instant().plusSeconds(30));
                }
            }
        } finally {
            smtp = newSmtp();
        }
        clock.set(clock.instant().plus(java.time.Duration.ofMinutes(2)));
        assertThat(arbitration.deliverGranted()).isEqualTo(2);
        List<String> untried = new ArrayList<>();
        for (int i = 0; i < contacts.size(); i++) {
            if (!status(contacts.get(i)).equals("GRANTED")) {
                assertThat(status(contacts.get(i))).isEqualTo("SENT");
                untried.add(contacts.get(i) + "@example.com");
            }
        }
        assertThat(recipients()).as("the messages not tried go once the provider is back")
                .containsExactlyInAnyOrderElementsOf(untried).hasSize(2);
    }
}
