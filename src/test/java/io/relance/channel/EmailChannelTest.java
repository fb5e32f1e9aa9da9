package io.relance.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.relance.pressure.ArbitrationWorker;
import io.relance.scenario.ScenarioVariables;
import io.relance.scenario.Welcome;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.TestSmtp;
import io.relance.support.Waits;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The email channel end to end: events through REST, the welcome scenario's send arbitrated by the test (a transactional
 * send's job run by the test), a real SMTP server (GreenMail) receiving the mail. The job executor is off so that the
 * test decides when jobs run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-email;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import({EmailChannelTest.FailOnce.class, TestClock.class})
class EmailChannelTest extends SmtpTest {


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
    CommunicationRepository communications;
    @Autowired
    FailOnce failOnce;
    @Autowired
    ArbitrationWorker arbitration;
    @Autowired
    ExternalTaskService externalTasks;
    @Autowired
    TestClock clock;

    ApiClient api;

    @BeforeEach
    void setUp() throws Exception {
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        // A Tuesday, 10:30 in Paris: past the send slot, outside quiet hours.
        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
    }

    /** The welcome email waits for its arbitration (a commercial send task, without a job), which sends it at once. */
    private void send(String instanceId) {
        Waits.arbitratedSend(engine, instanceId, Welcome.TASK_SEND_WELCOME_EMAIL);
        Arbitrated.settle(arbitration);
    }

    private String contact(String json) {
        String id = "c-" + UUID.randomUUID();
        ApiClient.Response response = api.put("/api/contacts/" + id, json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    private String subscribe(String contactId) {
        ApiClient.Response response = api.post("/api/events", """
                {"eventId": "%s", "type": "NewsletterSubscribed", "contactId": "%s",
                 "occurredAt": "2026-11-23T09:00:00Z", "data": {"source": "popup"}}"""
                .formatted("e-" + UUID.randomUUID(), contactId));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("startedInstances").get(0).asText();
    }

    private Job sendJob(String instanceId) {
        return managementService.createJobQuery().processInstanceId(instanceId).messages().singleResult();
    }

    @Test
    void commercialEmailIsPersonalisedEscapedTrackedAndUnsubscribable() throws Exception {
        String contactId = contact("""
                {"email": "zoe@example.com", "firstName": "Zoé <b>&\\"", "locale": "fr-FR",
                 "consents": {"email": {"granted": true}}}""");
        String instanceId = subscribe(contactId);

        send(instanceId);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("zoe@example.com");
        assertThat(mail.getSubject()).isEqualTo("Bienvenue Zoé <b>&\", merci pour votre inscription");
        assertThat(mail.getHeader("List-Unsubscribe")[0]).matches("<https://relance\\.example/t/u/[^>]+>");
        assertThat(mail.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");

        String html = TestSmtp.part(mail, "text/html");
        String text = TestSmtp.part(mail, "text/plain");
        assertThat(html).contains("Zoé &lt;b&gt;&amp;&quot;").doesNotContain("<b>&");
        assertThat(html).contains("https://relance.example/t/c/").doesNotContain("https://www.example.com/nouveautes");
        assertThat(html).contains("https://relance.example/t/o/");
        assertThat(html).contains("https://relance.example/t/u/");
        assertThat(text).contains("Bonjour Zoé <b>&\"").contains("https://www.example.com/nouveautes")
                .contains("Se désinscrire : https://relance.example/t/u/");

        assertThat(runtimeService.getActiveActivityIds(instanceId)).contains(Welcome.GATEWAY_REACTION_OR_DELAY);
        assertThat(runtimeService.getVariable(instanceId, ScenarioVariables.SEND_STATUS.name())).isEqualTo("sent");
        Communication sent = communications.findById(
                (String) runtimeService.getVariable(instanceId, ScenarioVariables.COMMUNICATION_ID.name())).orElseThrow();
        assertThat(sent.getStatus()).isEqualTo(SendStatus.SENT);
        assertThat(sent.getRecipient()).isEqualTo("zoe@example.com");
        assertThat(sent.getProviderId()).isNotBlank();
        assertThat(sent.getLinks()).contains("https://www.example.com/nouveautes");

        JsonNode timeline = api.get("/api/contacts/" + contactId + "/timeline").json().path("entries");
        assertThat(timeline.get(0).path("kind").asText()).isEqualTo("communication");
        assertThat(timeline.get(0).path("status").asText()).isEqualTo("sent");
        assertThat(timeline.get(0).path("type").asText()).isEqualTo("welcome");
        assertThat(timeline.get(1).path("kind").asText()).isEqualTo("event");
        assertThat(timeline.get(1).path("type").asText()).isEqualTo("NewsletterSubscribed");
    }

    @Test
    void reactionsComeBackAsEventsAndUnsubscribeEndsTheScenario() throws Exception {
        String contactId = contact("""
                {"email": "react@example.com", "firstName": "Léa", "locale": "fr",
                 "consents": {"email": {"granted": true}}}""");
        String instanceId = subscribe(contactId);
        send(instanceId);
        String html = TestSmtp.part(smtp.getReceivedMessages()[0], "text/html");
        String click = path(html, "https://relance.example(/t/c/[^\"]+)");
        String open = path(html, "https://relance.example(/t/o/[^\"]+)");
        String unsubscribe = path(smtp.getReceivedMessages()[0].getHeader("List-Unsubscribe")[0],
                "https://relance.example(/t/u/[^>]+)");
        ApiClient anonymous = ApiClient.anonymous(port);

        ApiClient.Response redirect = anonymous.get(click);
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).isEqualTo("https://www.example.com/nouveautes");
        ApiClient.Response pixel = anonymous.get(open);
        assertThat(pixel.status()).isEqualTo(200);
        assertThat(pixel.contentType()).isEqualTo("image/gif");
        assertThat(anonymous.get(open).status()).isEqualTo(200);

        // Forged or altered tokens: 404, nothing recorded.
        String altered = click.substring(0, click.length() - 3) + (click.endsWith("AAA") ? "BBB" : "AAA");
        assertThat(anonymous.get(altered).status()).isEqualTo(404);
        assertThat(anonymous.get("/t/c/bm90LWEtdG9rZW4.AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(404);
        assertThat(anonymous.get(open.replace("/t/o/", "/t/c/")).status()).as("a token of another kind")
                .isEqualTo(404);

        JsonNode entries = api.get("/api/contacts/" + contactId + "/timeline").json().path("entries");
        List<String> types = new ArrayList<>();
        entries.forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).containsOnlyOnce("EmailOpened").containsOnlyOnce("LinkClicked");

        // The unsubscribe page asks first; the one-click POST (RFC 8058) withdraws consent at once.
        ApiClient.Response page = anonymous.get(unsubscribe);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\"");
        assertThat(api.get("/api/contacts/" + contactId).json().path("consents").path("email").path("granted")
                .asBoolean()).isTrue();
        ApiClient.Response oneClick = anonymous.post(unsubscribe, "List-Unsubscribe=One-Click",
                "application/x-www-form-urlencoded", null);
        assertThat(oneClick.status()).isEqualTo(200);
        assertThat(api.get("/api/contacts/" + contactId).json().path("consents").path("email").path("granted")
                .asBoolean()).isFalse();
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .activityId(Welcome.END_OPENED).count()).as("the waiting scenario reacted to the open")
                .isEqualTo(1);

        // One withdrawal, one record in the consent history (the Unsubscribed event that follows adds none), also
        // when the mail client posts again.
        assertThat(anonymous.post(unsubscribe, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded",
                null).status()).isEqualTo(200);
        JsonNode records = api.get("/api/contacts/" + contactId + "/consents").json().path("records");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).path("source").asText()).isEqualTo("one-click");
        assertThat(records.get(0).path("granted").asBoolean()).isFalse();
        assertThat(records.get(0).path("proof").path("messageType").asText()).isEqualTo("welcome");
        assertThat(records.get(0).path("proof").path("communicationId").asText()).isNotBlank();
        assertThat(records.get(1).path("source").asText()).isEqualTo("api");
        List<String> after = new ArrayList<>();
        api.get("/api/contacts/" + contactId + "/timeline").json().path("entries")
                .forEach(e -> after.add(e.path("type").asText()));
        assertThat(after).containsOnlyOnce("Unsubscribed");
    }

    @Test
    void theUnsubscribePagesButtonRecordsTheUnsubscribeLinkAsTheSource() throws Exception {
        String contactId = contact("""
                {"email": "page@example.com", "firstName": "Léa", "locale": "fr",
                 "consents": {"email": {"granted": true}}}""");
        send(subscribe(contactId));
        String unsubscribe = path(smtp.getReceivedMessages()[0].getHeader("List-Unsubscribe")[0],
                "https://relance.example(/t/u/[^>]+)");
        ApiClient anonymous = ApiClient.anonymous(port);

        ApiClient.Response confirmed = anonymous.post(unsubscribe, "", "application/x-www-form-urlencoded",
                "text/html");

        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.contentType()).startsWith("text/html");
        JsonNode contact = api.get("/api/contacts/" + contactId).json();
        assertThat(contact.path("consents").path("email").path("granted").asBoolean()).isFalse();
        assertThat(contact.path("consents").path("email").path("source").asText()).isEqualTo("unsubscribe-link");
        JsonNode records = api.get("/api/contacts/" + contactId + "/consents?channel=email").json().path("records");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).path("source").asText()).isEqualTo("unsubscribe-link");
    }

    private static String path(String text, String regex) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex + " in " + text).isTrue();
        return matcher.group(1);
    }

    @Test
    void contactGetsTheirLanguage() throws Exception {
        String contactId = contact("""
                {"email": "amy@example.com", "firstName": "Amy", "locale": "en-GB",
                 "consents": {"email": {"granted": true}}}""");
        send(subscribe(contactId));
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("Welcome Amy, thanks for subscribing");
        assertThat(TestSmtp.part(mail, "text/plain")).startsWith("Hello Amy,");
    }

    @Test
    void aFirstNameCannotInjectHeaders() throws Exception {
        String contactId = contact("""
                {"email": "eve@example.com", "firstName": "Eve\\r\\nBcc: victim@example.com", "locale": "en",
                 "consents": {"email": {"granted": true}}}""");
        send(subscribe(contactId));
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getSubject()).doesNotContain("\n").doesNotContain("\r");
        assertThat(GreenMailUtil.getHeaders(mail).lines())
                .noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("bcc:"));
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("eve@example.com");
        assertThat(mail.getSubject()).isEqualTo("Welcome Eve Bcc: victim@example.com, thanks for subscribing");
    }

    @Test
    void noConsentOrNoAddressIsSuppressedAndTheScenarioGoesOn() {
        String withoutConsent = contact("""
                {"email": "noconsent@example.com", "consents": {"email": {"granted": false}}}""");
        String withoutEmail = contact("""
                {"phone": "+33612345678", "consents": {"email": {"granted": true}}}""");
        for (String contactId : List.of(withoutConsent, withoutEmail)) {
            String instanceId = subscribe(contactId);
            send(instanceId);
            assertThat(runtimeService.getActiveActivityIds(instanceId)).contains(Welcome.GATEWAY_REACTION_OR_DELAY);
            assertThat(runtimeService.getVariable(instanceId, ScenarioVariables.SEND_STATUS.name())).isEqualTo("suppressed");
        }
        assertThat(smtp.getReceivedMessages()).isEmpty();
        JsonNode noConsent = api.get("/api/contacts/" + withoutConsent + "/timeline").json().path("entries").get(0);
        assertThat(noConsent.path("status").asText()).isEqualTo("suppressed");
        assertThat(noConsent.path("reason").asText()).contains("consent");
        JsonNode noEmail = api.get("/api/contacts/" + withoutEmail + "/timeline").json().path("entries").get(0);
        assertThat(noEmail.path("reason").asText()).isEqualTo("no email address");
    }

    @Test
    void aMailServerThatIsDownMakesTheSendRetryThenTheMessageGoesOutOnce() throws Exception {
        String contactId = contact("""
                {"email": "retry@example.com", "consents": {"email": {"granted": true}}}""");
        String instanceId = subscribe(contactId);
        Waits.arbitratedSend(engine, instanceId, Welcome.TASK_SEND_WELCOME_EMAIL);
        smtp.stop();
        try {
            Arbitrated.settle(arbitration);
            ExternalTask failed = externalTasks.createExternalTaskQuery().processInstanceId(instanceId).singleResult();
            assertThat(failed.getRetries()).isEqualTo(4);
            assertThat(failed.getErrorMessage()).contains("SMTP");
            assertThat(failed.getLockExpirationTime()).as("the next attempt a minute later")
                    .isAfter(new java.util.Date(System.currentTimeMillis() + 50_000));
            assertThat(communications.findTop200ByContactIdOrderByCreatedAtDesc(contactId)).isEmpty();
            for (int attempt = 2; attempt <= 5; attempt++) {
                ClockUtil.setCurrentTime(new java.util.Date(System.currentTimeMillis() + attempt * 61_000L));
                Arbitrated.settle(arbitration);
            }
            assertThat(externalTasks.createExternalTaskQuery().processInstanceId(instanceId).singleResult()
                    .getRetries()).isZero();
            assertThat(runtimeService.createIncidentQuery().processInstanceId(instanceId).count())
                    .as("after five attempts, an incident for Cockpit").isEqualTo(1);
        } finally {
            ClockUtil.reset();
            smtp = newSmtp();
        }
        // What "Retry" in Cockpit does once the provider is back.
        externalTasks.setRetries(failed(instanceId), 1);
        ClockUtil.setCurrentTime(new java.util.Date(System.currentTimeMillis() + 400_000L));
        try {
            Arbitrated.settle(arbitration);
        } finally {
            ClockUtil.reset();
        }
        assertThat(runtimeService.createIncidentQuery().processInstanceId(instanceId).count()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(runtimeService.getVariable(instanceId, ScenarioVariables.SEND_STATUS.name())).isEqualTo("sent");
        assertThat(communications.findTop200ByContactIdOrderByCreatedAtDesc(contactId))
                .extracting(Communication::getStatus).containsExactly(SendStatus.SENT);
    }

    private String failed(String instanceId) {
        return externalTasks.createExternalTaskQuery().processInstanceId(instanceId).singleResult().getId();
    }

    @Test
    void aFailureAfterTheProviderAcceptedTheMessageDoesNotSendItTwice() throws Exception {
        repositoryService.createDeployment().name("email-crash-test").addModelInstance("email-crash-test.bpmn",
                Bpmn.createExecutableProcess("email-crash-test").camundaHistoryTimeToLive(1)
                        .startEvent()
                        .serviceTask("Task_SendConfirmation").camundaAsyncBefore()
                        .camundaDelegateExpression("${sendEmail}")
                        .camundaInputParameter("messageType", "order-confirmation")
                        .camundaInputParameter("category", "transactional")
                        .serviceTask("Task_FailOnce").camundaDelegateExpression("${failOnce}")
                        .endEvent("EndEvent_Done")
                        .done()).deploy();
        String contactId = contact("""
                {"email": "once@example.com", "consents": {"email": {"granted": false}}}""");
        String instanceId = runtimeService.startProcessInstanceByKey("email-crash-test", contactId).getId();
        String jobId = sendJob(instanceId).getId();

        assertThatThrownBy(() -> managementService.executeJob(jobId)).hasMessageContaining("after the send");
        assertThat(smtp.getReceivedMessages()).as("transactional: sent without marketing consent").hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getHeader("List-Unsubscribe")).isNull();

        managementService.executeJob(jobId);
        assertThat(smtp.getReceivedMessages()).as("the retry does not send again").hasSize(1);
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .activityId("EndEvent_Done").count()).isEqualTo(1);
        assertThat(communications.findTop200ByContactIdOrderByCreatedAtDesc(contactId)).hasSize(1);
    }

    @Test
    void anUnknownEarlierOutcomeIsNotSentAgain() {
        String contactId = contact("""
                {"email": "unknown@example.com", "consents": {"email": {"granted": true}}}""");
        String instanceId = subscribe(contactId);
        ExternalTask task = Waits.arbitratedSend(engine, instanceId, Welcome.TASK_SEND_WELCOME_EMAIL);
        SendRequest request = new SendRequest(contactId, "welcome", instanceId, Welcome.TASK_SEND_WELCOME_EMAIL,
                instanceId + ":" + Welcome.TASK_SEND_WELCOME_EMAIL + ":" + task.getId(), MessageChannel.EMAIL,
                "welcome", Category.COMMERCIAL, java.util.Map.of());
        communications.saveAndFlush(new Communication(request, SendStatus.SENDING, null, java.time.Instant.now()));

        Arbitrated.settle(arbitration);
        assertThat(smtp.getReceivedMessages()).isEmpty();
        ExternalTask stuck = externalTasks.createExternalTaskQuery().processInstanceId(instanceId).singleResult();
        assertThat(stuck.getErrorMessage()).contains("is unknown");
        assertThat(runtimeService.createIncidentQuery().processInstanceId(instanceId).count())
                .as("an incident at once: an operator checks the provider").isEqualTo(1);
    }

    /** Fails the first time it runs, as a crash after the send would. */
    @TestConfiguration
    static class FailOnce {
        final AtomicBoolean failed = new AtomicBoolean();

        @Bean
        JavaDelegate failOnce() {
            return execution -> {
                if (failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("simulated failure after the send");
                }
            };
        }
    }
}
