package io.relance.channel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.relance.pressure.ArbitrationWorker;
import io.relance.scenario.Welcome;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.ScriptedSmtp;
import io.relance.support.TestClock;
import io.relance.support.TestSmtp;
import io.relance.support.Waits;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Email failures after the hand-over are not "provider down": a real SMTP server that takes the whole message and
 * then never answers, or drops the connection, leaves the send {@code sending} with its reason and an incident at
 * once, and nothing is sent again when the job or the worker runs again; a refusal before the data (greeting 421,
 * connection refused) is retried and then delivered once. An operator resolves the incident through
 * {@code POST /api/communications/{id}/outcome}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-ambiguous-email;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "spring.mail.properties.mail.smtp.connectiontimeout=1000",
        "spring.mail.properties.mail.smtp.timeout=1000",
        "spring.mail.properties.mail.smtp.writetimeout=1000",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class AmbiguousEmailTest {

    static final ScriptedSmtp smtp = new ScriptedSmtp(TestSmtp.freePort());
    static final String PROCESS = "ambiguous-email-test";

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    ExternalTaskService externalTasks;
    @Autowired
    CommunicationRepository communications;
    @Autowired
    ArbitrationWorker arbitration;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TestClock clock;

    ApiClient api;

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", smtp::port);
    }

    @AfterAll
    static void stopSmtp() {
        smtp.close();
    }

    @BeforeEach
    void setUp() {
        smtp.start();
        smtp.mode(ScriptedSmtp.Mode.ACCEPT).reset();
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        // A Tuesday, 10:30 in Paris: outside quiet hours.
        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
        if (repositoryService.createProcessDefinitionQuery().processDefinitionKey(PROCESS).count() == 0) {
            repositoryService.createDeployment().name(PROCESS).addModelInstance(PROCESS + ".bpmn",
                    Bpmn.createExecutableProcess(PROCESS).camundaHistoryTimeToLive(1)
                            .startEvent()
                            .serviceTask("Task_SendConfirmation").camundaAsyncBefore()
                            .camundaDelegateExpression("${sendEmail}")
                            .camundaInputParameter("messageType", "order-confirmation")
                            .camundaInputParameter("category", "transactional")
                            .endEvent("EndEvent_Done")
                            .done()).deploy();
        }
    }

    private String contact() {
        String id = "c-" + UUID.randomUUID();
        ApiClient.Response response = api.put("/api/contacts/" + id, """
                {"email": "%s@example.com", "consents": {"email": {"granted": true}}}""".formatted(id));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    private String start(String contactId) {
        return runtimeService.startProcessInstanceByKey(PROCESS, contactId).getId();
    }

    private Job job(String instanceId) {
        return managementService.createJobQuery().processInstanceId(instanceId).singleResult();
    }

    private Communication only(String contactId) {
        List<Communication> found = communications.findTop200ByContactIdOrderByCreatedAtDesc(contactId);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private boolean done(String instanceId) {
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .activityId("EndEvent_Done").count() == 1;
    }

    private double unknownCount() {
        Counter counter = meters.find(SendMetrics.ERRORS).tag("channel", "email").tag("kind", "unknown").counter();
        return counter == null ? 0 : counter.count();
    }

    /** The incident raised at once (the job's retries set to 0 right after its failure was recorded). */
    private Incident awaitIncident(String instanceId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Incident incident = runtimeService.createIncidentQuery().processInstanceId(instanceId).singleResult();
            if (incident != null) {
                return incident;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no incident on instance " + instanceId);
    }

    /** @return the contact whose send is now unknown */
    private String assertUnknownThenNotSentAgain(ScriptedSmtp.Mode mode, String reason) throws Exception {
        smtp.mode(mode);
        String contactId = contact();
        String instanceId = start(contactId);
        String jobId = job(instanceId).getId();
        double unknownBefore = unknownCount();

        assertThatThrownBy(() -> managementService.executeJob(jobId))
                .isInstanceOf(SendOutcomeUnknownException.class)
                .hasMessageStartingWith(SendOutcomeUnknownException.MARKER)
                .hasMessageContaining(reason);
        assertThat(smtp.received()).as("the server received the message once").isEqualTo(1);

        Communication communication = only(contactId);
        assertThat(communication.getStatus()).isEqualTo(SendStatus.SENDING);
        assertThat(communication.getReason()).contains(reason).doesNotContain(contactId + "@example.com");
        assertThat(unknownCount()).isEqualTo(unknownBefore + 1);

        Incident incident = awaitIncident(instanceId);
        assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
        assertThat(incident.getIncidentMessage()).contains(communication.getId()).contains("is unknown");
        assertThat(job(instanceId).getRetries()).as("no retry: an operator decides").isZero();

        // The server answers again; an operator's retry without recording an outcome still sends nothing.
        smtp.mode(ScriptedSmtp.Mode.ACCEPT);
        assertThatThrownBy(() -> managementService.executeJob(jobId))
                .isInstanceOf(SendOutcomeUnknownException.class);
        assertThat(smtp.received()).as("not sent a second time").isEqualTo(1);
        assertThat(only(contactId).getStatus()).isEqualTo(SendStatus.SENDING);
        assertThat(done(instanceId)).isFalse();
        return contactId;
    }

    @Test
    void aServerThatTakesTheMessageAndNeverAnswersLeavesTheSendUnknownWithAnIncident() throws Exception {
        assertUnknownThenNotSentAgain(ScriptedSmtp.Mode.HANG_AFTER_DATA,
                "no reply from the SMTP server after the end of the message data");
    }

    @Test
    void aServerThatDropsTheConnectionAfterTheDataLeavesTheSendUnknownWithAnIncident() throws Exception {
        assertUnknownThenNotSentAgain(ScriptedSmtp.Mode.DROP_AFTER_DATA,
                "closed the connection after the end of the message data");
    }

    @Test
    void aRefusalAtTheGreetingIsProviderDownThenDeliveredOnce() {
        smtp.mode(ScriptedSmtp.Mode.REFUSE_AT_GREETING);
        String contactId = contact();
        String instanceId = start(contactId);
        String jobId = job(instanceId).getId();

        assertThatThrownBy(() -> managementService.executeJob(jobId)).isInstanceOf(ProviderUnavailableException.class);
        assertThat(communications.findTop200ByContactIdOrderByCreatedAtDesc(contactId))
                .as("nothing handed over: no record, the retry sends it").isEmpty();
        assertThat(job(instanceId).getRetries()).as("retried later").isPositive();
        assertThat(runtimeService.createIncidentQuery().processInstanceId(instanceId).count()).isZero();

        smtp.mode(ScriptedSmtp.Mode.ACCEPT);
        managementService.executeJob(jobId);
        assertThat(smtp.received()).isEqualTo(1);
        assertThat(smtp.accepted()).isEqualTo(1);
        assertThat(only(contactId).getStatus()).isEqualTo(SendStatus.SENT);
        assertThat(done(instanceId)).isTrue();
    }

    @Test
    void aServerThatIsDownIsRetriedThenDeliveredOnce() {
        smtp.stop();
        String contactId = contact();
        String instanceId = start(contactId);
        String jobId = job(instanceId).getId();

        assertThatThrownBy(() -> managementService.executeJob(jobId)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("SMTP server unavailable");
        assertThat(communications.findTop200ByContactIdOrderByCreatedAtDesc(contactId)).isEmpty();
        assertThat(job(instanceId).getRetries()).isPositive();

        smtp.start();
        managementService.executeJob(jobId);
        assertThat(smtp.accepted()).isEqualTo(1);
        assertThat(only(contactId).getStatus()).isEqualTo(SendStatus.SENT);
        assertThat(done(instanceId)).isTrue();
    }

    @Test
    void aTemporaryErrorAnswerToTheDataIsAClearAnswerRetriedLater() {
        smtp.mode(ScriptedSmtp.Mode.TEMPORARY_ERROR_AFTER_DATA);
        String contactId = contact();
        String instanceId = start(contactId);
        String jobId = job(instanceId).getId();

        assertThatThrownBy(() -> managementService.executeJob(jobId)).isInstanceOf(ProviderUnavailableException.class);
        assertThat(communications.findTop200ByContactIdOrderByCreatedAtDesc(contactId)).isEmpty();

        smtp.mode(ScriptedSmtp.Mode.ACCEPT);
        managementService.executeJob(jobId);
        assertThat(smtp.accepted()).as("the server said it did not take the first one").isEqualTo(1);
        assertThat(only(contactId).getStatus()).isEqualTo(SendStatus.SENT);
    }

    @Test
    void aServerThatAcceptedTheMessageAndDoesNotAnswerQuitHasSentIt() {
        smtp.mode(ScriptedSmtp.Mode.HANG_AT_QUIT);
        String contactId = contact();
        String instanceId = start(contactId);

        managementService.executeJob(job(instanceId).getId());

        assertThat(smtp.accepted()).isEqualTo(1);
        assertThat(only(contactId).getStatus()).as("250 to the data: sent, whatever QUIT gives")
                .isEqualTo(SendStatus.SENT);
        assertThat(done(instanceId)).isTrue();
    }

    @Test
    void anOperatorWhoFindsTheMessageSentCompletesTheTaskWithoutSendingAgain() throws Exception {
        String contactId = assertUnknownThenNotSentAgain(ScriptedSmtp.Mode.HANG_AFTER_DATA,
                "no reply from the SMTP server");
        Communication communication = only(contactId);
        String instanceId = communication.getProcessInstanceId();

        ApiClient admin = ApiClient.as(port, "admin", "admin-secret-for-tests");
        ApiClient.Response recorded = admin.post("/api/communications/" + communication.getId() + "/outcome",
                "{\"outcome\": \"sent\", \"note\": \"found in the provider's log, queued as 4XyZ\"}");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(200);
        assertThat(recorded.json().path("status").asText()).isEqualTo("sent");

        String jobId = job(instanceId).getId();
        managementService.setJobRetries(jobId, 1);
        managementService.executeJob(jobId);

        assertThat(smtp.received()).as("not sent again").isEqualTo(1);
        assertThat(done(instanceId)).isTrue();
        Communication sent = communications.findById(communication.getId()).orElseThrow();
        assertThat(sent.getStatus()).isEqualTo(SendStatus.SENT);
        assertThat(sent.getReason()).contains("recorded by an operator").contains("4XyZ");
    }

    @Test
    void anOperatorWhoFindsTheMessageNotSentLetsTheRetrySendItOnce() throws Exception {
        smtp.mode(ScriptedSmtp.Mode.DROP_AFTER_DATA);
        String contactId = contact();
        String instanceId = start(contactId);
        String jobId = job(instanceId).getId();
        assertThatThrownBy(() -> managementService.executeJob(jobId))
                .isInstanceOf(SendOutcomeUnknownException.class);
        awaitIncident(instanceId);
        String communicationId = only(contactId).getId();
        smtp.mode(ScriptedSmtp.Mode.ACCEPT);

        ApiClient admin = ApiClient.as(port, "admin", "admin-secret-for-tests");
        assertThat(api.post("/api/communications/" + communicationId + "/outcome", "{\"outcome\": \"not-sent\"}")
                .status()).as("administrators only").isEqualTo(403);
        ApiClient.Response invalid = admin.post("/api/communications/" + communicationId + "/outcome",
                "{\"outcome\": \"maybe\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.header("Content-Type")).startsWith("application/problem+json");
        assertThat(invalid.body()).contains("outcome").contains("sent or not-sent");
        assertThat(admin.post("/api/communications/no-such-id/outcome", "{\"outcome\": \"sent\"}").status())
                .isEqualTo(404);
        assertThat(only(contactId).getStatus()).as("bad input changes nothing").isEqualTo(SendStatus.SENDING);

        assertThat(admin.post("/api/communications/" + communicationId + "/outcome", "{\"outcome\": \"not-sent\"}")
                .status()).isEqualTo(200);
        managementService.setJobRetries(jobId, 1);
        managementService.executeJob(jobId);

        assertThat(smtp.accepted()).isEqualTo(1);
        assertThat(only(contactId).getStatus()).isEqualTo(SendStatus.SENT);
        assertThat(done(instanceId)).isTrue();
        assertThat(admin.post("/api/communications/" + only(contactId).getId() + "/outcome",
                "{\"outcome\": \"not-sent\"}").status()).as("its outcome is known now").isEqualTo(409);
    }

    @Test
    void anArbitratedSendWhoseOutcomeIsUnknownFailsItsTaskWithoutRetryAndIsNotSentAgain() {
        smtp.mode(ScriptedSmtp.Mode.HANG_AFTER_DATA);
        String contactId = contact();
        ApiClient.Response event = api.post("/api/events", """
                {"eventId": "%s", "type": "NewsletterSubscribed", "contactId": "%s",
                 "occurredAt": "2026-11-24T09:00:00Z", "data": {"source": "popup"}}"""
                .formatted("e-" + UUID.randomUUID(), contactId));
        assertThat(event.status()).as(event.body()).isEqualTo(202);
        String instanceId = event.json().path("startedInstances").get(0).asText();
        Waits.arbitratedSend(engine, instanceId, Welcome.TASK_SEND_WELCOME_EMAIL);

        Arbitrated.settle(arbitration);

        assertThat(smtp.received()).isEqualTo(1);
        ExternalTask task = externalTasks.createExternalTaskQuery().processInstanceId(instanceId).singleResult();
        assertThat(task.getRetries()).isZero();
        assertThat(task.getErrorMessage()).startsWith(SendOutcomeUnknownException.MARKER);
        assertThat(runtimeService.createIncidentQuery().processInstanceId(instanceId).count()).isEqualTo(1);
        assertThat(only(contactId).getStatus()).isEqualTo(SendStatus.SENDING);

        smtp.mode(ScriptedSmtp.Mode.ACCEPT);
        Arbitrated.settle(arbitration);
        assertThat(smtp.received()).as("the worker does not send it again").isEqualTo(1);
    }
}
