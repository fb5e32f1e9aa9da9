package io.relance.callback;

import com.icegreen.greenmail.util.GreenMail;
import io.relance.pressure.ArbitrationWorker;
import io.relance.scenario.LeadCallback;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.TestSmtp;
import io.relance.support.Waits;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The call-back scenario end to end: a {@code FormSubmitted} event through {@code POST /api/events} creates the
 * call-back task; the rep records "no answer"; the email waits for its arbitration (run by the test: the job executor
 * is off), which sends {@code callback-missed} to a real SMTP server (GreenMail), and the retry call-back task is due
 * the next business day.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-callback-email;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class LeadCallbackEmailTest extends SmtpTest {


    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    TaskService taskService;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ArbitrationWorker arbitration;
    @Autowired
    TestClock clock;

    @Test
    void noAnswerSendsTheCallbackMissedEmailAndCreatesTheRetryTask() throws Exception {
        // A Tuesday, 10:30 in Paris: outside quiet hours.
        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
        ApiClient integration = ApiClient.as(port, "integration", CallbackTasksOnH2Test.INTEGRATION_PASSWORD);
        String contactId = "lead-" + UUID.randomUUID();
        ApiClient.Response contact = integration.put("/api/contacts/" + contactId, """
                {"email": "zoe@example.com", "phone": "+33698765432", "firstName": "Zoé <b>&", "lastName": "Durand",
                 "locale": "fr-FR", "consents": {"email": {"granted": true}, "phone": {"granted": true}}}""");
        assertThat(contact.status()).as(contact.body()).isEqualTo(201);
        ApiClient.Response event = integration.post("/api/events", """
                {"eventId": "%s", "type": "FormSubmitted", "contactId": "%s",
                 "occurredAt": "2026-11-23T09:30:00+01:00", "data": {"formName": "contact-sales"}}"""
                .formatted(UUID.randomUUID(), contactId));
        assertThat(event.status()).as(event.body()).isEqualTo(202);
        String instance = event.json().path("startedInstances").get(0).asText();

        Task first = taskService.createTaskQuery().processInstanceId(instance)
                .taskDefinitionKey(LeadCallback.TASK_CALL_BACK).singleResult();
        assertThat(taskService.getVariableLocal(first.getId(), LeadCallback.CALL_REASON.name()))
                .isEqualTo("Lead call-back — FormSubmitted");
        Instant unanswered = clock.instant();
        taskService.complete(first.getId(), Map.of(LeadCallback.OUTCOME.name(), CallOutcome.NO_ANSWER.value()));
        assertThat(smtp.getReceivedMessages()).as("not sent in the rep's transaction").isEmpty();

        Waits.arbitratedSend(engine, instance, LeadCallback.TASK_SEND_CALLBACK_MISSED);
        Arbitrated.settle(arbitration);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("zoe@example.com");
        assertThat(mail.getSubject()).isEqualTo("Zoé <b>&, nous avons essayé de vous appeler");
        assertThat(mail.getHeader("List-Unsubscribe")[0]).matches("<https://relance\\.example/t/u/[^>]+>");
        String html = TestSmtp.part(mail, "text/html");
        assertThat(html).contains("Zoé &lt;b&gt;&amp;").doesNotContain("Zoé <b>&")
                .contains("prochain jour ouvré").contains("https://relance.example/t/u/");
        assertThat(TestSmtp.part(mail, "text/plain")).contains("Bonjour Zoé <b>&,")
                .contains("https://www.example.com/rendez-vous");

        Task retry = taskService.createTaskQuery().processInstanceId(instance)
                .taskDefinitionKey(LeadCallback.TASK_RETRY_CALL_BACK).singleResult();
        assertThat(retry).as("the retry call-back task").isNotNull();
        assertThat(taskService.getIdentityLinksForTask(retry.getId()))
                .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("sales"));
        assertThat(retry.getDueDate().toInstant()).isCloseTo(
                Delays.nextBusinessDay(unanswered, ZoneId.of("Europe/Paris")), within(Duration.ofMinutes(1)));
        assertThat(runtimeService.getVariable(instance, LeadCallback.CALL_ATTEMPTS.name())).isEqualTo(2);
    }

}
