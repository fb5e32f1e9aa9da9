package io.relance.figures;

import com.fasterxml.jackson.databind.JsonNode;
import io.relance.pressure.ArbitrationWorker;
import io.relance.scenario.AbandonedCart;
import io.relance.scenario.Welcome;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.ExperimentTableCopy;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.TestSmtp;
import io.relance.support.Waits;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario performance end to end: contacts and events through REST, the scenarios' jobs and the arbitration run by
 * the test, real mail (GreenMail), the open pixel, a tracked link and the one-click unsubscribe followed over HTTP,
 * orders posted — then the figures read over REST, exact. Run on H2 and on MariaDB (each on a fresh database).
 */
abstract class ScenarioFiguresTests extends SmtpTest {

    /** Tuesday 24 November 2026, 10:30 in Paris: past the send slot, outside quiet hours. */
    static final Instant DAY_1 = Instant.parse("2026-11-24T09:30:00Z");
    /** The next day, 11:30 in Paris: more than 24 hours later (the daily cap). */
    static final Instant DAY_2 = Instant.parse("2026-11-25T10:30:00Z");

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ArbitrationWorker arbitration;
    @Autowired
    TestClock clock;
    @Autowired
    RepositoryService repositoryService;

    /**
     * The figures are not about the cart's experiment: ended, every contact gets its reference arm (a random contact
     * id would otherwise fall in the 10 % holdout one run in ten, and its cart get no reminder).
     */
    @BeforeEach
    void endTheCartExperiment() {
        ExperimentTableCopy.end(repositoryService, AbandonedCart.EXPERIMENT_FIRST_REMINDER);
    }

    ApiClient integration() {
        return ApiClient.as(port, "integration", "integration-secret-for-tests");
    }

    ApiClient admin() {
        return ApiClient.as(port, "admin", "admin-secret-for-tests");
    }

    private String contact(String name, boolean consent) {
        String id = name + "-" + UUID.randomUUID();
        ApiClient.Response response = integration().put("/api/contacts/" + id, """
                {"email": "%s@example.com", "firstName": "%s", "locale": "fr",
                 "consents": {"email": {"granted": %s, "at": "2025-01-10T10:00:00Z"}}}"""
                .formatted(id, name, consent));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    private JsonNode event(String type, String contactId, Instant occurredAt, String data) {
        ApiClient.Response response = integration().post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "%s", "data": %s}"""
                .formatted("e-" + UUID.randomUUID(), type, contactId, occurredAt, data));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json();
    }

    /** The instance's commercial send waits for its arbitration (without a job): run it as the worker would. */
    private void send(String instanceId, String sendTaskId) {
        Waits.arbitratedSend(engine, instanceId, sendTaskId);
        Arbitrated.settle(arbitration);
    }

    private String subscribe(String contactId) {
        String instanceId = event("NewsletterSubscribed", contactId, clock.instant(), "{\"source\": \"popup\"}")
                .path("startedInstances").get(0).asText();
        send(instanceId, Welcome.TASK_SEND_WELCOME_EMAIL);
        return instanceId;
    }

    private MimeMessage mailTo(String contactId) throws Exception {
        MimeMessage found = null;
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equals(contactId + "@example.com")) {
                found = message;
            }
        }
        assertThat(found).as("mail to " + contactId).isNotNull();
        return found;
    }

    private static String path(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex + " in " + text).isTrue();
        return matcher.group(1);
    }

    @Test
    void figuresCountWhatHappenedAndAttributeEachOrderToOneScenario() throws Exception {
        ApiClient anonymous = ApiClient.anonymous(port);
        clock.set(DAY_1);
        String ann = contact("ann", true);
        String bob = contact("bob", true);
        String cyd = contact("cyd", true);
        String dan = contact("dan", false);

        // Day 1. Ann abandons a cart: the first reminder goes out; she opens it and follows its link.
        String cart = event("CartAbandoned", ann, DAY_1, """
                {"cartUrl": "https://shop.example.com/cart/1", "amount": 80,
                 "lines": [{"name": "Gourde", "quantity": 1, "price": 80}]}""")
                .path("startedInstances").get(0).asText();
        Waits.runTimer(engine, cart);
        send(cart, AbandonedCart.TASK_SEND_REMINDER_1);
        String reminder = TestSmtp.part(mailTo(ann), "text/html");
        assertThat(anonymous.get(path(reminder, "https://relance\\.example(/t/c/[^\"]+)")).status()).isEqualTo(302);
        assertThat(anonymous.get(path(reminder, "https://relance\\.example(/t/o/[^\"]+)")).status()).isEqualTo(200);
        assertThat(anonymous.get(path(reminder, "https://relance\\.example(/t/c/[^\"]+)")).status())
                .as("a second click on the same message").isEqualTo(302);
        // Bob subscribes and opens the welcome email (which ends his welcome scenario: exit opened).
        subscribe(bob);
        assertThat(anonymous.get(path(TestSmtp.part(mailTo(bob), "text/html"),
                "https://relance\\.example(/t/o/[^\"]+)")).status()).isEqualTo(200);
        // Cyd subscribes, then unsubscribes with the one-click link (exit unsubscribed).
        subscribe(cyd);
        String unsubscribe = path(mailTo(cyd).getHeader("List-Unsubscribe")[0],
                "https://relance\\.example(/t/u/[^>]+)");
        assertThat(anonymous.post(unsubscribe, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded",
                null).status()).isEqualTo(200);
        // Dan subscribes without email consent: his welcome email is suppressed.
        subscribe(dan);

        // Day 2. Ann subscribes too and receives the welcome email (later than the reminder, not opened).
        clock.set(DAY_2);
        String annWelcome = subscribe(ann);
        assertThat(smtp.getReceivedMessages()).hasSize(4);
        // Ann orders: the clicked reminder wins over the merely received welcome email. Bob orders in dollars:
        // his opened welcome email wins. Cyd orders 8 days after his welcome email: outside the 5-day window.
        event("OrderPlaced", ann, DAY_2.plusSeconds(3600), """
                {"orderId": "o-1", "amount": 100, "firstOrder": false}""");
        event("OrderPlaced", bob, DAY_2.plusSeconds(7200), """
                {"orderId": "o-2", "amount": "49.90", "currency": "USD", "firstOrder": false}""");
        event("OrderPlaced", cyd, DAY_1.plus(java.time.Duration.ofDays(8)), """
                {"orderId": "o-3", "amount": 500, "firstOrder": false}""");

        // Abandoned cart: one contact, converted by the order; one reminder sent, opened, clicked (once).
        JsonNode cartFigures = performance(AbandonedCart.PROCESS_KEY, "");
        assertThat(cartFigures.path("entered").asLong()).isEqualTo(1);
        assertThat(cartFigures.path("active").asLong()).isZero();
        assertThat(cartFigures.path("exits").toString()).isEqualTo("{\"converted\":1}");
        assertThat(cartFigures.path("conversions").asLong()).isEqualTo(1);
        assertThat(cartFigures.path("conversionRate").asDouble()).isEqualTo(1.0);
        assertThat(revenue(cartFigures.path("revenue"))).containsExactly("EUR 100.00");
        assertThat(cartFigures.path("goal").asText()).isEqualTo("OrderPlaced");
        assertThat(cartFigures.path("attributionDays").asInt()).isEqualTo(5);
        assertThat(cartFigures.path("attribution").asText()).contains("clicked last", "else opened last");
        assertThat(cartFigures.path("messages")).hasSize(1);
        JsonNode reminderFigures = cartFigures.path("messages").get(0);
        assertThat(reminderFigures.toString()).isEqualTo("{\"messageType\":\"cart-reminder-1\",\"channel\":\"email\","
                + "\"sent\":1,\"suppressed\":0,\"suppressedBy\":{},\"failed\":0,\"delivered\":0,\"opened\":1,"
                + "\"clicked\":1,\"unsubscribed\":0,\"openRate\":1.0,\"clickRate\":1.0,\"unsubscribeRate\":0.0}");
        assertThat(cartFigures.path("elements").path(AbandonedCart.TASK_SEND_REMINDER_1).toString())
                .isEqualTo("{\"passed\":1,\"waiting\":0}");
        assertThat(cartFigures.path("elements").path(AbandonedCart.TASK_SEND_REMINDER_2).toString())
                .as("an element never reached is listed with zeros").isEqualTo("{\"passed\":0,\"waiting\":0}");
        assertThat(cartFigures.path("daily")).hasSize(3);
        assertThat(cartFigures.path("daily").get(0).toString()).isEqualTo("{\"day\":\"2026-11-24\",\"entered\":1,"
                + "\"sent\":1,\"opened\":1,\"clicked\":1,\"conversions\":0,\"revenue\":[]}");
        JsonNode day2 = cartFigures.path("daily").get(1);
        assertThat(day2.path("day").asText()).isEqualTo("2026-11-25");
        assertThat(day2.path("entered").asLong() + day2.path("sent").asLong()).isZero();
        assertThat(day2.path("conversions").asLong()).isEqualTo(1);
        assertThat(revenue(day2.path("revenue"))).containsExactly("EUR 100.00");

        // Welcome: four contacts; Bob's order in USD; Cyd's late order counted nowhere.
        JsonNode welcome = performance(Welcome.PROCESS_KEY, "");
        assertThat(welcome.path("entered").asLong()).isEqualTo(4);
        long running = runtimeService.createProcessInstanceQuery().processDefinitionKey(Welcome.PROCESS_KEY).count();
        assertThat(running).as("Ann's and Dan's welcome scenarios wait").isEqualTo(2);
        assertThat(welcome.path("active").asLong()).isEqualTo(running);
        assertThat(welcome.path("exits").toString()).isEqualTo("{\"opened\":1,\"unsubscribed\":1}");
        assertThat(welcome.path("conversions").asLong()).isEqualTo(1);
        assertThat(welcome.path("conversionRate").asDouble()).isEqualTo(0.25);
        assertThat(revenue(welcome.path("revenue"))).containsExactly("USD 49.90");
        assertThat(welcome.path("messages").get(0).toString()).isEqualTo("{\"messageType\":\"welcome\","
                + "\"channel\":\"email\",\"sent\":3,\"suppressed\":1,\"suppressedBy\":{\"consent\":1},\"failed\":0,"
                + "\"delivered\":0,\"opened\":1,\"clicked\":0,\"unsubscribed\":1,\"openRate\":0.3333,"
                + "\"clickRate\":0.0,\"unsubscribeRate\":0.3333}");
        assertThat(welcome.path("elements").path(Welcome.TASK_SEND_WELCOME_EMAIL).path("passed").asLong())
                .isEqualTo(4);
        assertThat(welcome.path("elements").path(Welcome.GATEWAY_REACTION_OR_DELAY).toString())
                .as("Ann and Dan wait there").isEqualTo("{\"passed\":4,\"waiting\":2}");
        assertThat(runtimeService.getActiveActivityIds(annWelcome)).contains(Welcome.GATEWAY_REACTION_OR_DELAY);
        assertThat(welcome.path("daily").get(0).path("entered").asLong()).isEqualTo(3);
        assertThat(welcome.path("daily").get(1).path("entered").asLong()).isEqualTo(1);

        // One version deployed: the same figures for it; another version is unknown.
        assertThat(performance(Welcome.PROCESS_KEY, "&version=1").path("messages")).isEqualTo(welcome.path("messages"));
        assertThat(admin().get("/api/scenarios/welcome/performance?version=99").status()).isEqualTo(404);

        // The list: each scenario with its headline figures.
        JsonNode list = admin().get("/api/scenarios?from=2026-11-24&to=2026-12-03").json();
        List<String> keys = new ArrayList<>();
        list.path("scenarios").forEach(s -> keys.add(s.path("processKey").asText()));
        assertThat(keys).contains(AbandonedCart.PROCESS_KEY, Welcome.PROCESS_KEY, "transactional");
        for (JsonNode s : list.path("scenarios")) {
            if (s.path("processKey").asText().equals(AbandonedCart.PROCESS_KEY)) {
                assertThat(s.path("name").asText()).isEqualTo("Abandoned cart");
                assertThat(s.path("entered").asLong()).isEqualTo(1);
                assertThat(s.path("active").asLong()).isZero();
                assertThat(s.path("conversions").asLong()).isEqualTo(1);
                assertThat(s.path("conversionRate").asDouble()).isEqualTo(1.0);
                assertThat(revenue(s.path("revenue"))).containsExactly("EUR 100.00");
                assertThat(s.path("daily")).hasSize(10);
                assertThat(s.path("daily").get(1).toString())
                        .isEqualTo("{\"day\":\"2026-11-25\",\"entered\":0,\"conversions\":1}");
            }
            if (s.path("processKey").asText().equals("transactional")) {
                assertThat(s.path("entered").asLong()).as("the three orders").isEqualTo(3);
                assertThat(s.path("conversions").asLong()).isZero();
            }
        }

        // The spreadsheet: one row per day, then one per send step that day.
        ApiClient.Response csv = admin().get("/api/scenarios/abandoned-cart/performance.csv"
                + "?from=2026-11-24&to=2026-11-25");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"abandoned-cart-performance.csv\"");
        assertThat(csv.body().split("\r\n")).containsExactly(
                "day,messageType,channel,entered,sent,suppressed,failed,delivered,opened,clicked,unsubscribed,"
                        + "conversions,revenue_EUR",
                "2026-11-24,,,1,1,0,0,0,1,1,0,0,",
                "2026-11-24,cart-reminder-1,email,0,1,0,0,0,1,1,0,0,",
                "2026-11-25,,,0,0,0,0,0,0,0,0,1,100.00");

        // The diagram the dashboard draws.
        ApiClient.Response diagram = admin().get("/api/scenarios/abandoned-cart/diagram");
        assertThat(diagram.status()).isEqualTo(200);
        assertThat(diagram.contentType()).startsWith("application/xml");
        assertThat(diagram.body()).contains("id=\"abandoned-cart\"", "name=\"Abandoned cart\"", "Task_SendReminder1");
    }

    /** "EUR 100.00" per amount (the test's JSON reader reads amounts as doubles). */
    private static List<String> revenue(JsonNode amounts) {
        List<String> list = new ArrayList<>();
        amounts.forEach(a -> list.add(a.path("currency").asText() + " "
                + java.math.BigDecimal.valueOf(a.path("amount").asDouble()).setScale(2)));
        return list;
    }

    private JsonNode performance(String key, String more) {
        ApiClient.Response response = admin().get("/api/scenarios/" + key + "/performance?from=2026-11-24"
                + "&to=2026-11-26" + more);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void badPeriodsAndUnknownScenariosAreProblems() {
        ApiClient admin = admin();
        ApiClient.Response badDate = admin.get("/api/scenarios/welcome/performance?from=2026-13-01");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.contentType()).startsWith("application/problem+json");
        assertThat(badDate.json().path("errors").get(0).path("field").asText()).isEqualTo("from");
        ApiClient.Response reversed = admin.get("/api/scenarios?from=2026-11-24&to=2026-11-01");
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.json().path("errors").get(0).path("field").asText()).isEqualTo("from");
        ApiClient.Response tooLong = admin.get("/api/scenarios/welcome/performance?from=2025-01-01&to=2026-11-01");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("errors").get(0).path("message").asText()).contains("400 days");
        assertThat(admin.get("/api/scenarios/welcome/performance.csv?to=nope").status()).isEqualTo(400);
        ApiClient.Response unknown = admin.get("/api/scenarios/no-such-scenario/performance");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(admin.get("/api/scenarios/no-such-scenario/diagram").status()).isEqualTo(404);
        assertThat(admin.get("/api/scenarios/no-such-scenario/performance.csv").status()).isEqualTo(404);
        assertThat(admin.get("/api/scenarios").status()).isEqualTo(200);
    }
}
