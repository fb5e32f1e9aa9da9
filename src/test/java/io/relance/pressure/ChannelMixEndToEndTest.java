package io.relance.pressure;

import io.relance.support.StartedMockWebServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.scenario.EventType;
import io.relance.scenario.SmsFollowUp;
import io.relance.scenario.Welcome;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.Waits;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel mix of {@code dmn/channel-choice.dmn} on a shipped scenario (the welcome email, commercial), end to end:
 * contacts and events through REST, the arbitration worker driven by the test, a real SMTP server (GreenMail) and a
 * real HTTP server playing the SMS provider (MockWebServer). A contact who prefers SMS gets the welcome by SMS; one
 * who asked for email then SMS gets the email, then the SMS a day later when the email drew no reaction, and no SMS
 * after a click on it; without SMS consent, email whatever the preference.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-channel-mix;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.sms.api-key=key", "relance.sms.api-secret=secret", "relance.sms.sender=Relance",
        "relance.sms.stop-mention=STOP au 36111",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class ChannelMixEndToEndTest extends SmtpTest {

    /** A Tuesday, 10:30 in Paris: past the send slot, outside the quiet hours of email and SMS. */
    private static final Instant TUESDAY = Instant.parse("2026-11-24T09:30:00Z");

    static final MockWebServer provider = StartedMockWebServer.start();
    static final ObjectMapper JSON = new ObjectMapper();

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
    ArbitrationWorker arbitration;
    @Autowired
    TestClock clock;

    ApiClient api;

    @DynamicPropertySource
    static void smsGateway(DynamicPropertyRegistry registry) {
        registry.add("relance.sms.gateway-url", () -> provider.url("/vonage").toString());
    }

    @AfterAll
    static void stop() throws IOException {
        provider.shutdown();
    }

    @BeforeEach
    void setUp() throws InterruptedException {
        clock.set(TUESDAY);
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        while (provider.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // drain requests of earlier tests
        }
    }

    private String contact(String smsConsent, String preferredChannel) {
        String id = "c-" + UUID.randomUUID();
        ApiClient.Response response = api.put("/api/contacts/" + id, """
                {"email": "marie@example.com", "phone": "+33612345678", "firstName": "Marie", "locale": "fr-FR",
                 "consents": {"email": {"granted": true}, "sms": {"granted": %s}},
                 "attributes": {"preferredChannel": "%s"}}""".formatted(smsConsent, preferredChannel));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    private ApiClient.Response event(String type, String contactId, String data) {
        ApiClient.Response response = api.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "2026-11-24T09:30:00Z",
                 "data": %s}""".formatted("e-" + UUID.randomUUID(), type, contactId, data));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response;
    }

    /** Subscribes the contact and lets the welcome email task (waiting, without a job) go through its arbitration. */
    private String welcome(String contactId) {
        String instanceId = event(Welcome.MESSAGE_START, contactId, "{\"source\": \"footer\"}")
                .json().path("startedInstances").get(0).asText();
        Waits.arbitratedSend(engine, instanceId, Welcome.TASK_SEND_WELCOME_EMAIL);
        Arbitrated.settle(arbitration);
        return instanceId;
    }

    private static void accept() {
        provider.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                {"message-count": "1", "messages": [{"to": "33612345678", "message-id": "v-1", "status": "0"}]}"""));
    }

    private ProcessInstance followUp(String contactId) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(SmsFollowUp.PROCESS_KEY)
                .processInstanceBusinessKey(contactId).singleResult();
    }

    private JsonNode timeline(String contactId) {
        return api.get("/api/contacts/" + contactId + "/timeline").json().path("entries");
    }

    @Test
    void aContactWhoPrefersSmsGetsTheWelcomeBySmsInsteadOfEmail() throws Exception {
        String contactId = contact("true", "sms");
        accept();

        welcome(contactId);

        RecordedRequest sms = provider.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sms).as("the welcome reached the SMS provider").isNotNull();
        JsonNode body = JSON.readTree(sms.getBody().readUtf8());
        assertThat(body.path("to").asText()).isEqualTo("33612345678");
        assertThat(body.path("text").asText()).startsWith("Bonjour Marie, bienvenue").endsWith("STOP au 36111");
        assertThat(smtp.getReceivedMessages()).as("no email").isEmpty();
        assertThat(timeline(contactId).toString()).contains("\"channel\":\"sms\"").doesNotContain("\"channel\":\"email\"");
        assertThat(followUp(contactId)).as("no follow-up for an SMS").isNull();
    }

    @Test
    void emailThenSmsSendsTheSmsWhenTheEmailDrewNoReaction() throws Exception {
        String contactId = contact("true", "email-then-sms");

        Instant before = Instant.now();
        welcome(contactId);
        Instant after = Instant.now();

        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(provider.takeRequest(200, TimeUnit.MILLISECONDS)).as("no SMS yet").isNull();
        ProcessInstance followUp = followUp(contactId);
        assertThat(followUp).as("the SMS follow-up waits").isNotNull();
        assertThat(runtimeService.getVariable(followUp.getId(), SmsFollowUp.FOLLOWED_MESSAGE_TYPE.name()))
                .isEqualTo("welcome");
        Job timer = managementService.createJobQuery().processInstanceId(followUp.getId()).timers().singleResult();
        // The engine's timer runs on the engine's time: a day after the email went out.
        assertThat(timer.getDuedate().toInstant()).isBetween(before.plus(Duration.ofHours(24)),
                after.plus(Duration.ofHours(24)));

        // The SMS is arbitrated on the application's clock: the next day, 10:31 in Paris.
        clock.set(TUESDAY.plus(Duration.ofHours(24)).plusSeconds(60));
        managementService.executeJob(timer.getId());
        Waits.arbitratedSend(engine, followUp.getId(), SmsFollowUp.TASK_SEND_SMS);
        accept();
        Arbitrated.settle(arbitration);

        RecordedRequest sms = provider.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sms).as("the SMS after a day without reaction").isNotNull();
        assertThat(JSON.readTree(sms.getBody().readUtf8()).path("text").asText())
                .startsWith("Bonjour Marie, bienvenue").endsWith("STOP au 36111");
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(followUp.getId())
                .activityId(SmsFollowUp.END_SMS_SENT).count()).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).as("the email only once").hasSize(1);
    }

    @Test
    void emailThenSmsSendsNoSmsAfterAClickOnTheEmail() throws Exception {
        String contactId = contact("true", "email-then-sms");
        welcome(contactId);
        ProcessInstance followUp = followUp(contactId);
        String emailId = (String) runtimeService.getVariable(followUp.getId(),
                SmsFollowUp.FOLLOWED_COMMUNICATION_ID.name());

        event(EventType.EMAIL_OPENED, contactId, """
                {"communicationId": "another-email", "messageType": "promotion"}""");
        assertThat(runtimeService.getActiveActivityIds(followUp.getId()))
                .as("another email's open does not count").contains(SmsFollowUp.GATEWAY_REACTION_OR_TIME);
        event(EventType.LINK_CLICKED, contactId, """
                {"communicationId": "%s", "messageType": "welcome", "url": "https://shop.example.com"}"""
                .formatted(emailId));

        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(followUp.getId())
                .activityId(SmsFollowUp.END_REACTED).count()).isEqualTo(1);
        assertThat(managementService.createJobQuery().processInstanceId(followUp.getId()).count()).isZero();
        Arbitrated.settle(arbitration);
        assertThat(provider.takeRequest(200, TimeUnit.MILLISECONDS)).as("no SMS").isNull();
    }

    @Test
    void withoutSmsConsentTheEmailGoesWhateverThePreference() throws Exception {
        for (String preference : new String[]{"sms", "email-then-sms"}) {
            smtp.purgeEmailFromAllMailboxes();
            String contactId = contact("false", preference);

            welcome(contactId);

            assertThat(smtp.getReceivedMessages()).as(preference).hasSize(1);
            assertThat(followUp(contactId)).as(preference).isNull();
            assertThat(timeline(contactId).toString()).as(preference).doesNotContain("\"channel\":\"sms\"");
        }
        assertThat(provider.takeRequest(200, TimeUnit.MILLISECONDS)).as("no SMS").isNull();
    }
}
