package io.relance.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.relance.channel.Communication;
import io.relance.channel.CommunicationRepository;
import io.relance.channel.SendOutputs;
import io.relance.pressure.ArbitrationWorker;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.ExperimentTableCopy;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.TestSmtp;
import io.relance.support.Waits;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The abandoned-cart scenario end to end: contact and events through REST, the reminder jobs run by the test (the
 * job executor is off), a real SMTP server (GreenMail) receiving the mail, then an order that ends the scenario as
 * converted. The first-reminder experiment is ended for these tests (its reference arm is the reminder they follow).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-cart;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class AbandonedCartEndToEndTest extends SmtpTest {

    /** A Tuesday, 10:30 in Paris: past the day's send slot, outside quiet hours. */
    private static final Instant TUESDAY = Instant.parse("2026-11-24T09:30:00Z");


    private static final String CART_URL = "https://shop.example.com/cart/8f3a?utm_source=relance&step=2";
    /** The three reminders' send tasks, in order. */
    private static final List<String> REMINDERS = List.of(AbandonedCart.TASK_SEND_REMINDER_1,
            AbandonedCart.TASK_SEND_REMINDER_2, AbandonedCart.TASK_SEND_REMINDER_3);

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
    ArbitrationWorker arbitration;
    @Autowired
    TestClock clock;

    @BeforeEach
    void setUp() {
        clock.set(TUESDAY);
        // These tests follow the reminders themselves: the experiment on the first reminder (random contact ids, a
        // 3-hour arm and a 10 % holdout) is ended, so every contact gets its reference arm, the DMN delay of 45
        // minutes. The experiment itself is tested in ExperimentsOnH2Test.
        ExperimentTableCopy.end(repositoryService, AbandonedCart.EXPERIMENT_FIRST_REMINDER);
    }

    private ApiClient.Response event(ApiClient api, String type, String contactId, String data) {
        ApiClient.Response response = api.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s",
                 "occurredAt": "2026-11-23T09:00:00Z", "data": %s}"""
                .formatted("e-" + UUID.randomUUID(), type, contactId, data));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response;
    }

    private Job onlyJob(String instanceId) {
        return managementService.createJobQuery().processInstanceId(instanceId).singleResult();
    }

    /** The reminder's delay elapses; its send waits for the arbitration (a commercial send, no job), which decides. */
    private void remind(String instanceId, String sendTaskId) {
        Waits.runTimer(engine, instanceId);
        Waits.arbitratedSend(engine, instanceId, sendTaskId);
        Arbitrated.settle(arbitration);
    }

    @Test
    void firstReminderShowsTheCartWithATrackedLinkAndAnOrderEndsTheScenario() throws Exception {
        ApiClient api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        String contactId = "c-" + UUID.randomUUID();
        ApiClient.Response created = api.put("/api/contacts/" + contactId, """
                {"email": "lucie@example.com", "firstName": "Lucie", "locale": "fr-FR",
                 "consents": {"email": {"granted": true}}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        Instant abandonedAt = Instant.now();
        String instanceId = event(api, "CartAbandoned", contactId, """
                {"cartUrl": "%s", "amount": 129.8,
                 "lines": [{"name": "Chaussures de trail <Pro>", "quantity": 1, "price": 89.9},
                           {"name": "Gourde souple", "quantity": 2, "price": 19.95}]}""".formatted(CART_URL))
                .json().path("startedInstances").get(0).asText();

        // Waiting for the first reminder delay decided by the DMN (PT45M).
        assertThat(runtimeService.getActiveActivityIds(instanceId)).contains(AbandonedCart.TIMER_FIRST_REMINDER_DELAY);
        Job timer = onlyJob(instanceId);
        assertThat(timer.getDuedate().toInstant())
                .isBetween(abandonedAt.plus(Duration.ofMinutes(45)).minusSeconds(5),
                        Instant.now().plus(Duration.ofMinutes(45)).plusSeconds(5));
        managementService.executeJob(timer.getId());
        assertThat(runtimeService.getActiveActivityIds(instanceId)).contains(AbandonedCart.TASK_SEND_REMINDER_1);
        Waits.arbitratedSend(engine, instanceId, AbandonedCart.TASK_SEND_REMINDER_1);
        Arbitrated.settle(arbitration);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("lucie@example.com");
        assertThat(mail.getSubject()).isEqualTo("Votre panier vous attend");
        String html = TestSmtp.part(mail, "text/html");
        String text = TestSmtp.part(mail, "text/plain");
        assertThat(html).contains("Bonjour <span>Lucie</span>")
                .contains("Chaussures de trail &lt;Pro&gt;").doesNotContain("<Pro>")
                .contains("89,90 €").contains("129,80 €");
        assertThat(html).as("the cart link goes through click tracking")
                .contains("https://relance.example/t/c/").doesNotContain("shop.example.com");
        assertThat(html).contains("https://relance.example/t/u/");
        assertThat(text).contains("- Chaussures de trail <Pro> × 1 : 89,90 €").contains(CART_URL);
        assertThat(runtimeService.getVariable(instanceId, ScenarioVariables.SEND_STATUS.name())).isEqualTo("sent");
        Communication sent = communications.findById(
                (String) runtimeService.getVariable(instanceId, ScenarioVariables.COMMUNICATION_ID.name())).orElseThrow();
        assertThat(sent.getLinks()).contains(CART_URL);

        // The click takes the contact to the cart.
        String click = html.replaceAll("(?s).*?https://relance\\.example(/t/c/[^\"]+)\".*", "$1");
        ApiClient.Response redirect = ApiClient.anonymous(port).get(click);
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).isEqualTo(CART_URL);
        assertThat(runtimeService.getActiveActivityIds(instanceId))
                .contains(AbandonedCart.TIMER_SECOND_REMINDER_DELAY);

        JsonNode order = event(api, "OrderPlaced", contactId, """
                {"orderId": "o-1001", "amount": 129.8, "firstOrder": true}""").json();

        assertThat(order.path("reachedInstances")).extracting(JsonNode::asText).contains(instanceId);
        HistoricProcessInstance ended = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(instanceId).singleResult();
        assertThat(ended.getEndTime()).isNotNull();
        assertThat(ended.getEndActivityId()).isEqualTo(AbandonedCart.END_CONVERTED);
        assertThat(managementService.createJobQuery().processInstanceId(instanceId).count())
                .as("no reminder left").isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        List<String> types = new ArrayList<>();
        api.get("/api/contacts/" + contactId + "/timeline").json().path("entries")
                .forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).containsOnlyOnce("cart-reminder-1").doesNotContain("cart-reminder-2");
    }

    @ParameterizedTest(name = "{0}, amount {1}")
    @CsvSource({
        "en-GB, 180, Your cart is waiting for you, Your items will not be held much longer, "
                + "A little extra to complete your order, With the code PANIER10, get 10% off this order.",
        "fr, 89.9, Votre panier vous attend, Vos articles ne sont plus réservés très longtemps, "
                + "Un petit plus pour finaliser votre commande, https://www.example.com/meilleures-ventes"})
    void threeRemindersInTheContactsLanguageTheLastWithAnOfferOrOtherProducts(
            String locale, String amount, String subject1, String subject2, String subject3, String lastText)
            throws Exception {
        ApiClient api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        String contactId = "c-" + UUID.randomUUID();
        String email = contactId + "@example.com";
        assertThat(api.put("/api/contacts/" + contactId, """
                {"email": "%s", "firstName": "Sam", "locale": "%s",
                 "consents": {"email": {"granted": true, "at": "2025-03-01T10:00:00Z"}}}"""
                .formatted(email, locale)).status()).as("a subscriber of long standing: 3 messages a week")
                .isEqualTo(201);
        String instanceId = event(api, "CartAbandoned", contactId, """
                {"cartUrl": "%s", "amount": %s,
                 "lines": [{"name": "Trail shoes", "quantity": 1, "price": %s}]}"""
                .formatted(CART_URL, amount, amount)).json().path("startedInstances").get(0).asText();

        for (int reminder = 0; reminder < 3; reminder++) {
            // Reminders a day or more apart, as their delays say: each fits the one-a-day cap.
            clock.set(TUESDAY.plus(Duration.ofDays(reminder)).plus(Duration.ofHours(reminder)));
            remind(instanceId, REMINDERS.get(reminder));
        }

        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equals(email)) {
                mails.add(message);
            }
        }
        assertThat(mails).extracting(MimeMessage::getSubject).containsExactly(subject1, subject2, subject3);
        assertThat(TestSmtp.part(mails.get(2), "text/plain")).contains(lastText).contains("Trail shoes").contains(CART_URL);
        assertThat(TestSmtp.part(mails.get(2), "text/html")).contains("Trail shoes").contains("https://relance.example/t/c/");
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instanceId).singleResult()
                .getEndActivityId()).isEqualTo(AbandonedCart.END_REMINDERS_DONE);
    }

    @Test
    void theCrossSellShowsTheItemsTheShopSentAsRelatedToTheCart() throws Exception {
        ApiClient api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        String contactId = "c-" + UUID.randomUUID();
        String email = contactId + "@example.com";
        assertThat(api.put("/api/contacts/" + contactId, """
                {"email": "%s", "firstName": "Sam", "locale": "fr",
                 "consents": {"email": {"granted": true, "at": "2025-03-01T10:00:00Z"}}}"""
                .formatted(email)).status()).isEqualTo(201);
        String instanceId = event(api, "CartAbandoned", contactId, """
                {"cartUrl": "%s", "amount": 89.9,
                 "lines": [{"name": "Trail shoes", "quantity": 1, "price": 89.9}],
                 "related": [{"name": "Chaussettes de trail", "url": "https://shop.example.com/p/socks",
                              "imageUrl": "https://cdn.example.com/socks.jpg", "price": 12.5},
                             {"name": "Gourde souple", "url": "https://shop.example.com/p/flask"}]}"""
                .formatted(CART_URL)).json().path("startedInstances").get(0).asText();

        for (int reminder = 0; reminder < 3; reminder++) {
            clock.set(TUESDAY.plus(Duration.ofDays(reminder)).plus(Duration.ofHours(reminder)));
            remind(instanceId, REMINDERS.get(reminder));
        }

        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equals(email)) {
                mails.add(message);
            }
        }
        assertThat(mails).hasSize(3);
        String text = TestSmtp.part(mails.get(2), "text/plain");
        assertThat(text).contains("Ces articles vont bien avec votre panier")
                .contains("Chaussettes de trail : 12,50 €").contains("Gourde souple")
                .doesNotContain("meilleures-ventes");
        String html = TestSmtp.part(mails.get(2), "text/html");
        assertThat(html).contains("Chaussettes de trail").contains("https://cdn.example.com/socks.jpg")
                .doesNotContain("meilleures-ventes");
        assertThat(html).as("the related items' links are tracked like the others")
                .doesNotContain("href=\"https://shop.example.com/p/socks\"").contains("https://relance.example/t/c/");
    }
}
