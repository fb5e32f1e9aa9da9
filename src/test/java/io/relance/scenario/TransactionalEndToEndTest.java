package io.relance.scenario;

import com.icegreen.greenmail.util.GreenMail;
import io.relance.channel.SendOutputs;
import io.relance.support.ApiClient;
import io.relance.support.SmtpTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transactional scenario end to end: events through {@code POST /api/events}, the send job run by the test, a
 * real SMTP server (GreenMail) receiving the mail. A contact who refused marketing email still gets what they need.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-transactional;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
class TransactionalEndToEndTest extends SmtpTest {


    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;

    ApiClient api;

    @BeforeEach
    void setUp() throws Exception {
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
    }

    /** A contact who refused marketing email. */
    private String contactWithoutConsent(String locale) {
        String id = "c-" + UUID.randomUUID();
        ApiClient.Response response = api.put("/api/contacts/" + id, """
                {"email": "%s@example.com", "firstName": "Zoé", "locale": "%s",
                 "consents": {"email": {"granted": false}}}""".formatted(id, locale));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    private void event(String type, String contactId, String data) {
        ApiClient.Response response = api.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s",
                 "occurredAt": "2026-11-23T09:00:00Z", "data": %s}"""
                .formatted("e-" + UUID.randomUUID(), type, contactId, data));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    private String transactionalInstance(String contactId) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(Transactional.PROCESS_KEY)
                .processInstanceBusinessKey(contactId).singleResult().getId();
    }

    /** Runs the instance's next asynchronous step (a send, the call of the first purchase scenario). */
    private void runSendJob(String instanceId) {
        Job job = managementService.createJobQuery().processInstanceId(instanceId).messages().singleResult();
        managementService.executeJob(job.getId());
    }

    private boolean passed(String instanceId, String activityId) {
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .activityId(activityId).finished().count() == 1;
    }

    @Test
    void orderConfirmationReachesAContactWithoutMarketingConsent() throws Exception {
        String contactId = contactWithoutConsent("fr-FR");
        event("OrderPlaced", contactId, """
                {"orderId": "A-1042<b>", "amount": 49.9, "firstOrder": false}""");
        String instanceId = transactionalInstance(contactId);

        runSendJob(instanceId);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(contactId + "@example.com");
        assertThat(mail.getSubject()).isEqualTo("Votre commande est confirmée");
        assertThat(mail.getHeader("List-Unsubscribe")).as("transactional: no unsubscribe header").isNull();
        String html = part(mail, "text/html");
        String text = part(mail, "text/plain");
        assertThat(html).contains("Bonjour <span>Zoé</span>").contains("A-1042&lt;b&gt;").doesNotContain("A-1042<b>")
                .contains("49,90 €").doesNotContain("/t/u/");
        assertThat(text).startsWith("Bonjour Zoé,").contains("Numéro de commande : A-1042<b>")
                .contains("Montant total : 49,90 €").contains("https://www.example.com/compte/commandes");
        // Then the first purchase scenario, which finds it is not a first order.
        assertThat(runtimeService.getActiveActivityIds(instanceId)).containsExactly(Transactional.CALL_FIRST_PURCHASE);
        runSendJob(instanceId);
        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey(FirstPurchase.PROCESS_KEY)
                .processInstanceBusinessKey(contactId).singleResult().getEndActivityId())
                .isEqualTo(FirstPurchase.END_NOT_ELIGIBLE);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).count()).isZero();
        assertThat(passed(instanceId, Transactional.END_ORDER_CONFIRMATION_SENT)).isTrue();
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(instanceId)
                .variableName(ScenarioVariables.SEND_STATUS.name()).singleResult().getValue()).isEqualTo("sent");
    }

    @Test
    void passwordResetLinkLeadsToTheResetPage() throws Exception {
        String contactId = contactWithoutConsent("en");
        String resetUrl = "https://shop.example.com/reset?token=abc123&user=42";
        event("PasswordResetRequested", contactId, """
                {"resetUrl": "%s"}""".formatted(resetUrl));
        String instanceId = transactionalInstance(contactId);

        runSendJob(instanceId);

        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("Reset your password");
        assertThat(mail.getHeader("List-Unsubscribe")).isNull();
        String text = part(mail, "text/plain");
        assertThat(text).as("the raw link, whatever the tracking").contains(resetUrl);
        String html = part(mail, "text/html");
        assertThat(html).as("the address to copy").contains("https://shop.example.com/reset?token=abc123&amp;user=42");
        Matcher link = Pattern.compile("<a href=\"([^\"]+)\">Choose a new password</a>").matcher(html);
        assertThat(link.find()).as(html).isTrue();
        String href = link.group(1).replace("&amp;", "&");
        if (href.startsWith("https://relance.example/t/c/")) {
            // Click tracking on (password-reset not listed in relance.email.untracked-types): the redirect still
            // leads to the reset page.
            ApiClient.Response redirect = ApiClient.anonymous(port).get(href.substring("https://relance.example".length()));
            assertThat(redirect.status()).isEqualTo(302);
            assertThat(redirect.header("Location")).isEqualTo(resetUrl);
        } else {
            assertThat(href).isEqualTo(resetUrl);
        }
        assertThat(passed(instanceId, Transactional.END_PASSWORD_RESET_SENT)).isTrue();
    }

    static String part(MimeMessage message, String type) throws Exception {
        List<BodyPart> parts = new ArrayList<>();
        collect((Multipart) message.getContent(), parts);
        for (BodyPart part : parts) {
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static void collect(Multipart multipart, List<BodyPart> parts) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                collect(nested, parts);
            } else {
                parts.add(part);
            }
        }
    }
}
