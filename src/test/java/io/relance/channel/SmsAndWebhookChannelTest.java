package io.relance.channel;

import io.relance.support.StartedMockWebServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.channel.webhook.WebhookSignature;
import io.relance.scenario.ScenarioVariables;
import io.relance.support.ApiClient;
import io.relance.tracking.TrackingTokens;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SMS and webhook sends through the real engine and a real HTTP server (MockWebServer) playing the Vonage SMS API
 * and the webhook receiver; delivery receipts coming back as events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-sms;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.sms.api-key=key", "relance.sms.api-secret=secret", "relance.sms.sender=Relance",
        "relance.sms.stop-mention=STOP au 36111",
        "relance.sms.http.initial-backoff=1ms", "relance.sms.http.max-backoff=5ms",
        "relance.sms.http.read-timeout=1s", "relance.webhook.http.read-timeout=1s",
        "relance.webhook.secret=0123456789abcdef-test-secret",
        "relance.webhook.http.initial-backoff=1ms", "relance.webhook.http.max-backoff=5ms"})
@ActiveProfiles("apitest")
@DirtiesContext
class SmsAndWebhookChannelTest {

    static final MockWebServer provider = StartedMockWebServer.start();
    static final String WEBHOOK_SECRET = "0123456789abcdef-test-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    TrackingTokens tokens;
    @Autowired
    CommunicationRepository communications;

    ApiClient api;

    @DynamicPropertySource
    static void urls(DynamicPropertyRegistry registry) {
        registry.add("relance.sms.gateway-url", () -> provider.url("/vonage").toString());
        registry.add("relance.webhook.url", () -> provider.url("/crm/hook").toString());
    }

    @AfterAll
    static void stop() throws IOException {
        provider.shutdown();
    }

    @BeforeEach
    void setUp() throws InterruptedException {
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        while (provider.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // drain requests of earlier tests
        }
        if (repositoryService.createProcessDefinitionQuery().processDefinitionKey("channels-test").count() == 0) {
            BpmnModelInstance model = Bpmn.createExecutableProcess("channels-test").camundaHistoryTimeToLive(1)
                    .startEvent()
                    .serviceTask("Task_SendSms").camundaAsyncBefore().camundaDelegateExpression("${sendSms}")
                    .camundaInputParameter("messageType", "welcome")
                    .camundaInputParameter("category", "commercial")
                    .serviceTask("Task_CallWebhook").camundaAsyncBefore().camundaDelegateExpression("${callWebhook}")
                    .camundaInputParameter("messageType", "order-confirmed")
                    .camundaInputParameter("category", "transactional")
                    .endEvent("EndEvent_Done")
                    .moveToActivity("Task_SendSms").boundaryEvent("Error_SmsFailed").error("SEND_FAILED")
                    .endEvent("EndEvent_SmsFailed")
                    .done();
            repositoryService.createDeployment().name("channels-test").addModelInstance("channels-test.bpmn", model)
                    .deploy();
        }
    }

    private String contact(String json) {
        String id = "c-" + UUID.randomUUID();
        assertThat(api.put("/api/contacts/" + id, json).status()).isEqualTo(201);
        return id;
    }

    private String start(String contactId) {
        return runtimeService.startProcessInstanceByKey("channels-test", contactId).getId();
    }

    private void runNextJob(String instanceId) {
        Job job = managementService.createJobQuery().processInstanceId(instanceId).singleResult();
        managementService.executeJob(job.getId());
    }

    private static MockResponse vonage(String status, String messageId) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                {"message-count": "1", "messages": [{"to": "33612345678", "message-id": "%s", "status": "%s",
                 "error-text": "Invalid Sender Address"}]}""".formatted(messageId, status));
    }

    private static boolean ended(HistoryService history, String instanceId, String endEvent) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(instanceId).activityId(endEvent)
                .count() == 1;
    }

    @Test
    void smsThenSignedWebhookThenDeliveryReceiptBecomesAnEvent() throws Exception {
        String contactId = contact("""
                {"phone": "+33612345678", "firstName": "Marie", "locale": "fr",
                 "consents": {"sms": {"granted": true}}}""");
        String instanceId = start(contactId);

        provider.enqueue(vonage("0", "vonage-msg-1"));
        runNextJob(instanceId);
        RecordedRequest sms = provider.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sms.getPath()).isEqualTo("/vonage/sms/json");
        JsonNode smsBody = JSON.readTree(sms.getBody().readUtf8());
        assertThat(smsBody.path("to").asText()).isEqualTo("33612345678");
        assertThat(smsBody.path("from").asText()).isEqualTo("Relance");
        assertThat(smsBody.path("text").asText()).startsWith("Bonjour Marie, bienvenue").endsWith("STOP au 36111");
        String communicationId = smsBody.path("client-ref").asText();
        assertThat(runtimeService.getVariable(instanceId, ScenarioVariables.SEND_STATUS.name())).isEqualTo("sent");

        provider.enqueue(new MockResponse().setResponseCode(204));
        runNextJob(instanceId);
        RecordedRequest hook = provider.takeRequest(5, TimeUnit.SECONDS);
        assertThat(hook.getPath()).isEqualTo("/crm/hook");
        String hookBody = hook.getBody().readUtf8();
        assertThat(WebhookSignature.verify(WEBHOOK_SECRET, hook.getHeader("X-Relance-Timestamp"), hookBody,
                hook.getHeader("X-Relance-Signature"), Duration.ofMinutes(5))).isTrue();
        assertThat(hook.getHeader("Idempotency-Key")).isNotBlank();
        assertThat(JSON.readTree(hookBody).path("messageType").asText()).isEqualTo("order-confirmed");
        assertThat(JSON.readTree(hookBody).path("contact").path("contactId").asText()).isEqualTo(contactId);
        assertThat(ended(historyService, instanceId, "EndEvent_Done")).isTrue();

        ApiClient anonymous = ApiClient.anonymous(port);
        String receipt = "?messageId=vonage-msg-1&msisdn=33612345678&to=Relance&status=delivered&err-code=0"
                + "&client-ref=" + communicationId + "&message-timestamp=2026-11-23+10%3A00%3A00";
        assertThat(anonymous.get("/t/sms/not-the-key" + receipt).status()).isEqualTo(404);
        assertThat(anonymous.get("/t/sms/" + tokens.receiptKey() + receipt).status()).isEqualTo(204);
        JsonNode timeline = api.get("/api/contacts/" + contactId + "/timeline").json().path("entries");
        assertThat(timeline.toString()).contains("SmsDelivered");
    }

    @Test
    void aGatewayErrorThenSuccessSendsOnce() throws Exception {
        String contactId = contact("""
                {"phone": "+33612345678", "consents": {"sms": {"granted": true}}}""");
        String instanceId = start(contactId);
        provider.enqueue(new MockResponse().setResponseCode(503));
        provider.enqueue(vonage("0", "vonage-msg-2"));
        runNextJob(instanceId);
        assertThat(provider.getRequestCount()).isPositive();
        RecordedRequest first = provider.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest second = provider.takeRequest(5, TimeUnit.SECONDS);
        assertThat(first.getHeader("Idempotency-Key")).isEqualTo(second.getHeader("Idempotency-Key"));
        assertThat(runtimeService.getVariable(instanceId, ScenarioVariables.SEND_STATUS.name())).isEqualTo("sent");
        assertThat(provider.takeRequest(200, TimeUnit.MILLISECONDS)).as("no third request").isNull();
    }

    @Test
    void anSmsGatewayThatReadsTheRequestAndNeverAnswersLeavesTheSendUnknownAndSendsItOnce() throws Exception {
        String contactId = contact("""
                {"phone": "+33612345678", "consents": {"sms": {"granted": true}}}""");
        String instanceId = start(contactId);
        provider.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

        assertThatThrownBy(() -> runNextJob(instanceId)).isInstanceOf(SendOutcomeUnknownException.class)
                .hasMessageContaining("the request was fully sent, then timeout");
        assertThat(provider.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/vonage/sms/json");
        assertThat(provider.takeRequest(200, TimeUnit.MILLISECONDS)).as("one request only").isNull();
        Communication communication = communications.findTop200ByContactIdOrderByCreatedAtDesc(contactId).get(0);
        assertThat(communication.getStatus()).isEqualTo(SendStatus.SENDING);
        assertThat(communication.getReason()).contains("the provider may have taken it")
                .doesNotContain("33612345678");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runtimeService.createIncidentQuery().processInstanceId(instanceId).count() == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(runtimeService.createIncidentQuery().processInstanceId(instanceId).count())
                .as("an incident at once, for an operator").isEqualTo(1);

        // An operator's retry without recording an outcome sends nothing (a request would be recorded at once).
        assertThatThrownBy(() -> runNextJob(instanceId)).isInstanceOf(SendOutcomeUnknownException.class);
        assertThat(provider.takeRequest(300, TimeUnit.MILLISECONDS)).as("the retry sends nothing").isNull();
    }

    @Test
    void aWebhookReceiverThatDoesNotAnswerIsRetriedWithTheSameIdempotencyKeyAcrossJobRetries() throws Exception {
        String contactId = contact("""
                {"phone": "+33612345678", "consents": {"sms": {"granted": true}}}""");
        String instanceId = start(contactId);
        provider.enqueue(vonage("0", "vonage-msg-4"));
        runNextJob(instanceId);
        provider.takeRequest(5, TimeUnit.SECONDS);

        for (int i = 0; i < 3; i++) {
            provider.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        }
        assertThatThrownBy(() -> runNextJob(instanceId)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("after 3 attempts");
        provider.enqueue(new MockResponse().setResponseCode(204));
        runNextJob(instanceId);

        java.util.Set<String> keys = new java.util.HashSet<>();
        for (int i = 0; i < 4; i++) {
            RecordedRequest hook = provider.takeRequest(5, TimeUnit.SECONDS);
            assertThat(hook.getPath()).isEqualTo("/crm/hook");
            keys.add(hook.getHeader("Idempotency-Key"));
        }
        assertThat(keys).as("one key for the three attempts and the job's retry").hasSize(1);
        assertThat(keys.iterator().next()).startsWith(instanceId + ":Task_CallWebhook:");
        assertThat(ended(historyService, instanceId, "EndEvent_Done")).isTrue();
    }

    @Test
    void aPermanentRefusalIsRecordedAsFailedAndTheScenarioTakesItsErrorPath() {
        String contactId = contact("""
                {"phone": "+33612345678", "consents": {"sms": {"granted": true}}}""");
        String instanceId = start(contactId);
        provider.enqueue(vonage("15", "none"));
        runNextJob(instanceId);
        assertThat(ended(historyService, instanceId, "EndEvent_SmsFailed")).isTrue();
        JsonNode entry = api.get("/api/contacts/" + contactId + "/timeline").json().path("entries").get(0);
        assertThat(entry.path("status").asText()).isEqualTo("failed");
        assertThat(entry.path("reason").asText()).isNotBlank();
    }

    @Test
    void noPhoneOrNoSmsConsentIsSuppressed() throws InterruptedException {
        String noPhone = contact("""
                {"email": "a@example.com", "consents": {"sms": {"granted": true}}}""");
        String noConsent = contact("""
                {"phone": "+33612345678", "consents": {"sms": {"granted": false}}}""");
        for (String contactId : new String[]{noPhone, noConsent}) {
            String instanceId = start(contactId);
            runNextJob(instanceId);
            assertThat(runtimeService.getVariable(instanceId, ScenarioVariables.SEND_STATUS.name())).isEqualTo("suppressed");
        }
        assertThat(provider.takeRequest(200, TimeUnit.MILLISECONDS)).as("nothing reached the gateway").isNull();
        assertThat(api.get("/api/contacts/" + noPhone + "/timeline").json().path("entries").get(0).path("reason")
                .asText()).isEqualTo("no phone number");
        assertThat(api.get("/api/contacts/" + noConsent + "/timeline").json().path("entries").get(0).path("reason")
                .asText()).contains("sms consent");
    }
}
