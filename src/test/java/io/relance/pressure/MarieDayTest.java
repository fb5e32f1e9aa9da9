package io.relance.pressure;

import com.fasterxml.jackson.databind.JsonNode;
import io.relance.support.ApiClient;
import io.relance.scenario.AbandonedCart;
import io.relance.scenario.Birthday;
import io.relance.support.Arbitrated;
import io.relance.support.ExperimentTableCopy;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.Waits;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Marie's day, end to end through REST with the shipped rules (1 commercial message a day): her birthday, the
 * monthly newsletter and a promotion for her segment compete at the 10:00 send slot — she receives the birthday
 * greeting only, the two others are suppressed naming it; the abandoned-cart reminder of the evening finds the day's
 * cap reached; her order confirmation goes out at once. Her timeline tells the story.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-marie;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class MarieDayTest extends SmtpTest {

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    ArbitrationWorker arbitration;
    @Autowired
    TestClock clock;
    @Autowired
    RepositoryService repositoryService;

    @BeforeEach
    void endTheCartExperiment() {
        // Marie's day is about pressure: her evening cart reminder is the reference arm of the first-reminder
        // experiment (45 minutes), which this test ends rather than depend on the arm her id hashes to. The pressure
        // experiment ships inactive: she is under the standard caps.
        ExperimentTableCopy.end(repositoryService, AbandonedCart.EXPERIMENT_FIRST_REMINDER);
    }

    private void runJobs(String processDefinitionKey) {
        for (Job job : managementService.createJobQuery().processDefinitionKey(processDefinitionKey).messages()
                .list()) {
            managementService.executeJob(job.getId());
        }
    }

    private String broadcast(ApiClient api, String json) {
        ApiClient.Response response = api.post("/api/broadcasts", json);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        String id = response.json().path("broadcastId").asText();
        runJobs("broadcast");
        return id;
    }

    private String event(ApiClient api, String type, String contactId, String data) {
        ApiClient.Response response = api.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "%s", "data": %s}"""
                .formatted("e-" + UUID.randomUUID(), type, contactId, clock.instant(), data));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("startedInstances").get(0).asText();
    }

    @Test
    void marieReceivesHerBirthdayGreetingOnlyAndHerOrderConfirmationAtOnce() throws Exception {
        ApiClient api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        String marie = "marie-" + UUID.randomUUID();
        String paul = "paul-" + UUID.randomUUID();
        // Friday 4 December 2026, 08:30 in Paris.
        clock.set(Instant.parse("2026-12-04T07:30:00Z"));
        assertThat(api.put("/api/contacts/" + marie, """
                {"email": "marie@example.com", "phone": "+33612345678", "firstName": "Marie", "locale": "fr",
                 "birthDate": "1988-12-04", "timeZone": "Europe/Paris",
                 "consents": {"email": {"granted": true, "at": "2024-05-02T10:00:00Z"},
                              "sms": {"granted": true, "at": "2024-05-02T10:00:00Z"}},
                 "attributes": {"valueTier": "silver", "interest": "outdoor"}}""").status()).isEqualTo(201);
        assertThat(api.put("/api/contacts/" + paul, """
                {"email": "paul@example.com", "firstName": "Paul", "locale": "fr", "timeZone": "Europe/Paris",
                 "consents": {"email": {"granted": true, "at": "2024-05-02T10:00:00Z"}},
                 "attributes": {"valueTier": "standard", "interest": "city"}}""").status()).isEqualTo(201);

        // 08:30: the birthday run greets Marie; the greeting waits for the 10:00 slot.
        managementService.executeJob(managementService.createJobQuery().processDefinitionKey("birthday-run")
                .timers().singleResult().getId());
        String greeting = runtimeService.createProcessInstanceQuery().processDefinitionKey(Birthday.PROCESS_KEY)
                .processInstanceBusinessKey(marie).singleResult().getId();
        Waits.arbitratedSend(engine, greeting, Birthday.TASK_SEND_GREETING);
        Arbitrated.settle(arbitration);
        // The monthly newsletter (everybody) and a promotion (segment "outdoor") are registered too.
        String newsletter = broadcast(api, """
                {"name": "Newsletter de décembre", "messageType": "newsletter", "channel": "email"}""");
        String promotion = broadcast(api, """
                {"name": "Soldes d'hiver outdoor", "messageType": "promotion", "channel": "email",
                 "segment": {"interest": "outdoor"}, "variables": {"offerPercent": 20, "offerCode": "HIVER20"}}""");
        assertThat(api.get("/api/broadcasts/" + promotion).json().path("recipients").asInt())
                .as("the promotion reaches its segment only").isEqualTo(1);
        assertThat(api.get("/api/broadcasts/" + newsletter).json().path("recipients").asInt()).isEqualTo(2);
        JsonNode waiting = api.get("/api/contacts/" + marie + "/timeline").json().path("entries");
        assertThat(waiting.findValuesAsText("kind").stream().filter("pending"::equals)).hasSize(3);
        assertThat(smtp.getReceivedMessages()).as("nothing before the slot").isEmpty();

        // 10:00: the three compete; the birthday greeting has the highest priority.
        clock.set(Instant.parse("2026-12-04T09:00:05Z"));
        Arbitrated.settle(arbitration);
        assertThat(mailsTo("marie@example.com")).extracting(MimeMessage::getSubject)
                .containsExactly("Joyeux anniversaire Marie ! Un cadeau vous attend");
        assertThat(mailsTo("paul@example.com")).as("Paul had nothing better today: he gets the newsletter")
                .hasSize(1);

        // 19:30: Marie abandons a cart; the first reminder is due 45 minutes later, the day's cap is reached.
        clock.set(Instant.parse("2026-12-04T18:30:00Z"));
        String cart = event(api, "CartAbandoned", marie, """
                {"cartUrl": "https://shop.example.com/cart/42", "amount": 64.5,
                 "lines": [{"name": "Bonnet en laine", "quantity": 1, "price": 64.5}]}""");
        clock.set(Instant.parse("2026-12-04T19:15:00Z"));
        Waits.runTimer(engine, cart);
        Waits.arbitratedSend(engine, cart, AbandonedCart.TASK_SEND_REMINDER_1);
        Arbitrated.settle(arbitration);
        assertThat(runtimeService.getVariable(cart, "sendStatus")).isEqualTo("suppressed");
        assertThat((String) runtimeService.getVariable(cart, "sendReason"))
                .startsWith("cap: 1 commercial message per 24 hours (all channels) reached (last: 'birthday'");

        // 20:20: she orders; the confirmation is transactional: at once, whatever the caps.
        clock.set(Instant.parse("2026-12-04T19:20:00Z"));
        String order = event(api, "OrderPlaced", marie, """
                {"orderId": "M-77", "amount": 64.5, "firstOrder": false}""");
        runJobs("transactional");
        assertThat(mailsTo("marie@example.com")).extracting(MimeMessage::getSubject)
                .containsExactly("Joyeux anniversaire Marie ! Un cadeau vous attend", "Votre commande est confirmée");
        assertThat(order).isNotBlank();

        JsonNode timeline = api.get("/api/contacts/" + marie + "/timeline").json().path("entries");
        System.out.println("Marie's timeline: " + timeline.toPrettyString());
        JsonNode birthday = entry(timeline, "birthday");
        assertThat(birthday.path("status").asText()).isEqualTo("sent");
        for (String loser : List.of("newsletter", "promotion")) {
            JsonNode entry = entry(timeline, loser);
            assertThat(entry.path("status").asText()).isEqualTo("suppressed");
            assertThat(entry.path("reason").asText()).as(loser)
                    .isEqualTo("arbitration: 'birthday' (priority 100) has the place (1 commercial message per 24"
                            + " hours (all channels))");
            assertThat(entry.path("winnerId").asText()).as(loser).isEqualTo(birthday.path("id").asText());
        }
        assertThat(entry(timeline, "cart-reminder-1").path("status").asText()).isEqualTo("suppressed");
        assertThat(entry(timeline, "order-confirmation").path("status").asText()).isEqualTo("sent");
        assertThat(entry(timeline, "order-confirmation").path("category").asText()).isEqualTo("transactional");
        assertThat(timeline.findValuesAsText("kind")).doesNotContain("pending");
    }

    private static JsonNode entry(JsonNode timeline, String type) {
        for (JsonNode entry : timeline) {
            if (entry.path("kind").asText().equals("communication") && entry.path("type").asText().equals(type)) {
                return entry;
            }
        }
        throw new AssertionError("no " + type + " in " + timeline.toPrettyString());
    }
}
