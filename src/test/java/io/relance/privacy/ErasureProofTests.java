package io.relance.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.pressure.ArbitrationWorker;
import io.relance.scenario.LeadCallback;
import io.relance.security.Groups;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.TestSmtp;
import io.relance.tracking.TrackingTokens;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The erasure proof. Two contacts go through real scenarios over REST: welcome email (GreenMail), its open pixel,
 * tracked link and one-click unsubscribe, an abandoned cart (an experiment assignment) with its reminder, a white
 * paper (a sales call-back task, with a rep's comment added through Camunda's TaskService), an order (confirmation,
 * first purchase, a conversion), an SMS promotion broadcast to a segment (MockWebServer playing Vonage) and its
 * delivery receipt — at history level FULL. The victim is erased over REST; then every table of the database
 * (Relance's and Camunda's {@code ACT_*}), every character, CLOB and BLOB column, is searched for the victim's
 * email, phone (with and without +), names and contact id: nothing is found. The other contact keeps everything,
 * still receives, and the aggregate figures are unchanged. Run on H2 and on MariaDB (a database of its own).
 */
abstract class ErasureProofTests extends SmtpTest {

    /** Tuesday 24 November 2026, 10:30 in Paris: after the send slot, outside quiet hours. */
    static final Instant DAY = Instant.parse("2026-11-24T09:30:00Z");
    /** The next day, same time: the daily cap of commercial messages allows another one. */
    static final Instant DAY_2 = Instant.parse("2026-11-25T09:30:00Z");

    static final String VICTIM = "zqwx-victim-4711";
    static final String VICTIM_EMAIL = "zqwx.victim@example.com";
    static final String VICTIM_PHONE = "+33612349876";
    static final String VICTIM_FIRST = "Zqwxmarie";
    static final String VICTIM_LAST = "Zqwxvictim";
    static final List<String> NEEDLES = List.of(VICTIM, VICTIM_EMAIL, VICTIM_PHONE, VICTIM_PHONE.substring(1),
            VICTIM_FIRST, VICTIM_LAST);

    static final String OTHER = "other-paul-0815";
    static final String OTHER_EMAIL = "paul.ordinaire@example.com";
    static final String OTHER_PHONE = "+33698765432";

    static final ObjectMapper JSON = new ObjectMapper();
    /** Started for each test class (H2, MariaDB), before its application context reads the URL. */
    static MockWebServer vonage;

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    ManagementService managementService;
    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identityService;
    @Autowired
    ProcessEngineConfiguration engineConfiguration;
    @Autowired
    ArbitrationWorker arbitration;
    @Autowired
    TrackingTokens tokens;
    @Autowired
    TestClock clock;
    @Autowired
    DataSource dataSource;

    /** Vonage's SMS API: accepts every message, its message id made from our reference. */
    private static MockWebServer vonage() {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    JsonNode body = JSON.readTree(request.getBody().clone().readUtf8());
                    return new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                            {"message-count": "1", "messages": [{"to": "%s", "message-id": "msg-%s",
                             "status": "0"}]}""".formatted(body.path("to").asText(),
                            body.path("client-ref").asText()));
                } catch (IOException e) {
                    return new MockResponse().setResponseCode(400);
                }
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return server;
    }

    @DynamicPropertySource
    static void smsGateway(DynamicPropertyRegistry registry) {
        registry.add("relance.sms.gateway-url", () -> vonage.url("/vonage").toString());
    }

    @BeforeAll
    static void startVonage() {
        vonage = vonage();
    }

    @AfterAll
    static void stopVonage() throws IOException {
        vonage.shutdown();
    }

    ApiClient integration() {
        return ApiClient.as(port, "integration", "integration-secret-for-tests");
    }

    ApiClient admin() {
        return ApiClient.as(port, "admin", "admin-secret-for-tests");
    }

    ApiClient marketing() {
        String id = "marketer" + UUID.randomUUID().toString().substring(0, 8);
        if (identityService.createUserQuery().userId(id).count() == 0) {
            User user = identityService.newUser(id);
            user.setPassword("marketing-secret");
            identityService.saveUser(user);
            identityService.createMembership(id, Groups.MARKETING);
        }
        return ApiClient.as(port, id, "marketing-secret");
    }

    private void contact(String id, String email, String phone, String first, String last) {
        ApiClient.Response response = integration().put("/api/contacts/" + id, """
                {"email": "%s", "phone": "%s", "firstName": "%s", "lastName": "%s", "birthDate": "1990-05-17",
                 "locale": "fr", "timeZone": "Europe/Paris", "attributes": {"club": "zqwx-club"},
                 "consents": {"email": {"granted": true}, "sms": {"granted": true}, "phone": {"granted": true}}}"""
                .formatted(email, phone, first, last));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private JsonNode event(String eventId, String type, String contactId, Instant at, String data) {
        ApiClient.Response response = integration().post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "%s", "data": %s}"""
                .formatted(eventId, type, contactId, at, data));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json();
    }

    /**
     * Runs what is due as the job executor and the arbitration worker would, until nothing is left (timers due
     * later stay). A job that fails is reported.
     */
    private void settle() {
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            List<Job> due = managementService.createJobQuery().executable().list();
            int arbitrated = Arbitrated.settle(arbitration);
            if (due.isEmpty() && arbitrated == 0) {
                assertThat(failures).as("jobs that failed").isEmpty();
                return;
            }
            for (Job job : due) {
                try {
                    managementService.executeJob(job.getId());
                } catch (RuntimeException e) {
                    failures.add(job.getId() + ": " + e);
                }
            }
        }
        throw new AssertionError("jobs still due after 100 rounds; failures: " + failures);
    }

    private static String path(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex + " in " + text).isTrue();
        return matcher.group(1);
    }

    /** Fills every table: both contacts through the scenarios, the victim with more. */
    private void bothContactsGoThroughTheScenarios() throws Exception {
        ApiClient anonymous = ApiClient.anonymous(port);
        contact(VICTIM, VICTIM_EMAIL, VICTIM_PHONE, VICTIM_FIRST, VICTIM_LAST);
        contact(OTHER, OTHER_EMAIL, OTHER_PHONE, "Paul", "Ordinaire");

        // Welcome emails; the victim opens hers and follows its link, the other contact opens his.
        for (String id : List.of(VICTIM, OTHER)) {
            event(id + "-subscribed", "NewsletterSubscribed", id, DAY, "{\"source\": \"popup\"}");
        }
        settle();
        String welcome = TestSmtp.part(mailsTo(VICTIM_EMAIL).get(0), "text/html");
        assertThat(anonymous.get(path(welcome, "https://relance\\.example(/t/o/[^\"]+)")).status()).isEqualTo(200);
        assertThat(anonymous.get(path(welcome, "https://relance\\.example(/t/c/[^\"]+)")).status()).isEqualTo(302);
        assertThat(anonymous.get(path(TestSmtp.part(mailsTo(OTHER_EMAIL).get(0), "text/html"),
                "https://relance\\.example(/t/o/[^\"]+)")).status()).isEqualTo(200);

        // Abandoned carts (an experiment assignment each); the event data names the victim; her first reminder.
        for (String id : List.of(VICTIM, OTHER)) {
            event(id + "-cart", "CartAbandoned", id, DAY, """
                    {"cartUrl": "https://shop.example.com/cart?for=%s", "amount": 80, "customer": "%s",
                     "lines": [{"name": "Gourde", "quantity": 1, "price": 80}]}"""
                    .formatted(id.equals(VICTIM) ? VICTIM_EMAIL : OTHER_EMAIL,
                            id.equals(VICTIM) ? VICTIM_FIRST + " " + VICTIM_LAST : "Paul Ordinaire"));
        }
        settle();
        // Unless her arm is the holdout (which ends at once), her reminder goes out now.
        for (org.camunda.bpm.engine.runtime.ProcessInstance cart : runtimeService.createProcessInstanceQuery()
                .processInstanceBusinessKey(VICTIM).processDefinitionKey("abandoned-cart").list()) {
            for (Job timer : managementService.createJobQuery().processInstanceId(cart.getId()).timers().list()) {
                managementService.executeJob(timer.getId());
            }
        }
        settle();

        // A white paper: a sales call-back task; the rep notes the call on it (Camunda's comments).
        event(VICTIM + "-white-paper", "WhitePaperDownloaded", VICTIM, DAY,
                "{\"title\": \"Guide for " + VICTIM_FIRST + "\"}");
        settle();
        Task task = taskService.createTaskQuery().processInstanceBusinessKey(VICTIM)
                .taskDefinitionKey(LeadCallback.TASK_CALL_BACK).singleResult();
        assertThat(task).as("the victim's call-back task").isNotNull();
        identityService.setAuthentication("sales-rep", List.of(Groups.SALES));
        try {
            taskService.createComment(task.getId(), task.getProcessInstanceId(), "Called " + VICTIM_FIRST + " "
                    + VICTIM_LAST + " on " + VICTIM_PHONE + ", will write to " + VICTIM_EMAIL);
            taskService.setAssignee(task.getId(), "sales-rep");
        } finally {
            identityService.clearAuthentication();
        }

        // Orders: confirmations, first purchase, conversions of the cart experiment. The shop's event id names
        // the contact.
        for (String id : List.of(VICTIM, OTHER)) {
            event(id + "-order-1", "OrderPlaced", id, DAY.plusSeconds(600), """
                    {"orderId": "o-%s", "amount": 100, "firstOrder": true, "shippingName": "%s"}"""
                    .formatted(id, id.equals(VICTIM) ? VICTIM_FIRST + " " + VICTIM_LAST : "Paul Ordinaire"));
        }
        settle();

        // The next day, an SMS promotion to the segment; the victim's delivery receipt comes back.
        clock.set(DAY_2);
        ApiClient.Response broadcast = integration().post("/api/broadcasts", """
                {"name": "Promotion zqwx", "messageType": "promotion", "channel": "sms",
                 "segment": {"club": "zqwx-club"}, "variables": {"offerPercent": 10}}""");
        assertThat(broadcast.status()).as(broadcast.body()).isIn(201, 202);
        settle();
        String reference = null;
        for (RecordedRequest request; (request = vonage.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS))
                != null; ) {
            JsonNode body = JSON.readTree(request.getBody().readUtf8());
            if (body.path("to").asText().equals(VICTIM_PHONE.substring(1))) {
                reference = body.path("client-ref").asText();
            }
        }
        assertThat(reference).as("the SMS sent to the victim; her timeline: "
                + integration().get("/api/contacts/" + VICTIM + "/timeline").body()).isNotNull();
        assertThat(anonymous.get("/t/sms/" + tokens.receiptKey() + "?messageId=msg-" + reference + "&msisdn="
                + VICTIM_PHONE.substring(1) + "&to=Relance&status=delivered&err-code=0&client-ref=" + reference
                + "&message-timestamp=2026-11-24+10%3A40%3A00").status()).isEqualTo(204);

        // Finally the victim unsubscribes with the one-click link of her welcome email.
        String unsubscribe = path(mailsTo(VICTIM_EMAIL).get(0).getHeader("List-Unsubscribe")[0],
                "https://relance\\.example(/t/u/[^>]+)");
        assertThat(anonymous.post(unsubscribe, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded",
                null).status()).isEqualTo(200);
        settle();
    }

    @Test
    void afterTheErasureNoTableHoldsTheVictimAndTheOtherContactKeepsEverything() throws Exception {
        assertThat(engineConfiguration.getHistory()).isEqualTo(ProcessEngineConfiguration.HISTORY_FULL);
        clock.set(DAY);
        bothContactsGoThroughTheScenarios();

        // The scan finds each of the victim's values before the erasure (it would see a leak).
        DatabaseScan.Scanned before = DatabaseScan.scan(dataSource, NEEDLES);
        assertThat(before.columns()).as("tables scanned (Relance's and Camunda's)").hasSizeGreaterThan(60);
        assertThat(before.columns().keySet().stream().map(String::toLowerCase))
                .contains("contact", "inbound_event", "communication", "experiment_assignment", "figure_message",
                        "act_ge_bytearray", "act_hi_varinst", "act_hi_detail", "act_hi_comment", "act_ru_variable");
        for (String needle : NEEDLES) {
            assertThat(before.findings()).as("the scan sees " + needle + " before the erasure")
                    .anyMatch(finding -> finding.contains("'" + needle + "'"));
        }
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(VICTIM).count())
                .as("the victim's running scenarios").isGreaterThanOrEqualTo(2);

        String otherTimeline = integration().get("/api/contacts/" + OTHER + "/timeline").body();
        String experiments = admin().get("/api/experiments").body();
        JsonNode welcomeFigures = admin().get("/api/scenarios/welcome/performance?from=2026-11-24&to=2026-11-25")
                .json();
        long otherEvents = historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(OTHER)
                .count();

        // The export: everything held about the person, for admin and integration accounts, not marketing.
        assertThat(marketing().get("/api/contacts/" + VICTIM + "/export").status()).isEqualTo(403);
        ApiClient.Response exported = admin().get("/api/contacts/" + VICTIM + "/export");
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        JsonNode export = exported.json();
        assertThat(export.path("contactId").asText()).isEqualTo(VICTIM);
        assertThat(export.path("profile").path("email").asText()).isEqualTo(VICTIM_EMAIL);
        assertThat(export.path("profile").path("lastName").asText()).isEqualTo(VICTIM_LAST);
        assertThat(export.path("consents").path("sms").path("granted").asBoolean()).isTrue();
        assertThat(export.path("consents").path("email").path("granted").asBoolean()).as("unsubscribed").isFalse();
        List<String> types = new ArrayList<>();
        export.path("events").forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).contains("NewsletterSubscribed", "EmailOpened", "LinkClicked", "CartAbandoned",
                "WhitePaperDownloaded", "OrderPlaced", "SmsDelivered", "Unsubscribed");
        JsonNode order = export.path("events").findParents("type").stream()
                .filter(e -> e.path("type").asText().equals("OrderPlaced")).findFirst().orElseThrow();
        assertThat(order.path("eventId").asText()).isEqualTo(VICTIM + "-order-1");
        assertThat(order.path("data").path("shippingName").asText()).isEqualTo(VICTIM_FIRST + " " + VICTIM_LAST);
        assertThat(export.path("messages").toString()).contains("\"messageType\":\"welcome\"",
                "\"messageType\":\"promotion\"", "\"channel\":\"sms\"", "\"status\":\"suppressed\"");
        assertThat(export.path("messages").findValuesAsText("recipient")).contains(VICTIM_EMAIL);
        JsonNode callback = export.path("scenarios").findParents("processKey").stream()
                .filter(e -> e.path("processKey").asText().equals("lead-callback")).findFirst().orElseThrow();
        assertThat(callback.path("state").asText()).isEqualTo("active");
        assertThat(callback.path("currentSteps").toString()).contains("Call back the lead");
        assertThat(export.path("experiments").get(0).path("experiment").asText()).isEqualTo("cart-first-reminder");
        // The consent history with its sources: the consent given over the API, withdrawn by the one-click link.
        assertThat(export.path("consentHistory").findValuesAsText("source")).contains("api", "one-click");

        // Marketing may not erase; the integration account may.
        assertThat(marketing().delete("/api/contacts/" + VICTIM).status()).isEqualTo(403);
        ApiClient.Response erased = integration().delete("/api/contacts/" + VICTIM);
        assertThat(erased.status()).as(erased.body()).isEqualTo(202);
        JsonNode receipt = erased.json();
        assertThat(receipt.path("contactId").asText()).isEqualTo(VICTIM);
        assertThat(receipt.path("erasureId").asText()).hasSize(36);
        assertThat(Instant.parse(receipt.path("erasedAt").asText())).isEqualTo(DAY_2);
        assertThat(receipt.path("instancesCancelled").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(receipt.path("historiesDeleted").asInt()).isGreaterThan(receipt.path("instancesCancelled").asInt());
        JsonNode counts = receipt.path("counts");
        assertThat(counts.path("contact").asInt()).isOne();
        assertThat(counts.path("inbound_event").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(counts.path("communication").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(counts.path("experiment_assignment").asInt()).isOne();
        assertThat(counts.path("figure_message").asInt()).isGreaterThanOrEqualTo(1);

        // Nothing of the victim anywhere.
        DatabaseScan.Scanned after = DatabaseScan.scan(dataSource, NEEDLES);
        assertThat(after.findings()).as("the victim's data left in the database (table.column)").isEmpty();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erasure_record", Long.class)).isOne();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erasure_record WHERE erased_by = 'integration'"
                + " AND cause = 'request'", Long.class)).as("by the account that asked").isOne();

        // The other contact keeps everything, and the aggregate figures are the same.
        assertThat(integration().get("/api/contacts/" + OTHER + "/timeline").body()).isEqualTo(otherTimeline);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(OTHER).count())
                .isEqualTo(otherEvents);
        assertThat(admin().get("/api/experiments").body()).isEqualTo(experiments);
        JsonNode welcomeAfter = admin().get("/api/scenarios/welcome/performance?from=2026-11-24&to=2026-11-25")
                .json();
        assertThat(welcomeAfter.path("entered")).isEqualTo(welcomeFigures.path("entered"));
        assertThat(welcomeAfter.path("messages")).isEqualTo(welcomeFigures.path("messages"));

        // A second erasure, an event, a read: 404, saying it was erased and when.
        for (ApiClient.Response gone : List.of(integration().delete("/api/contacts/" + VICTIM),
                integration().post("/api/events", """
                        {"eventId": "late-1", "type": "OrderPlaced", "contactId": "%s",
                         "occurredAt": "2026-11-25T10:00:00Z", "data": {"orderId": "o-2"}}""".formatted(VICTIM)),
                integration().get("/api/contacts/" + VICTIM),
                integration().get("/api/contacts/" + VICTIM + "/export"))) {
            assertThat(gone.status()).as(gone.body()).isEqualTo(404);
            assertThat(gone.contentType()).startsWith("application/problem+json");
            assertThat(gone.json().path("title").asText()).isEqualTo("Contact erased");
            assertThat(gone.json().path("detail").asText()).contains("erased on " + DAY_2);
        }

        // The other contact still receives.
        int mails = mailsTo(OTHER_EMAIL).size();
        event(OTHER + "-order-2", "OrderPlaced", OTHER, DAY_2.plusSeconds(3600), """
                {"orderId": "o-other-2", "amount": 20, "firstOrder": false}""");
        settle();
        assertThat(mailsTo(OTHER_EMAIL)).hasSizeGreaterThan(mails);

        // The person comes back: a new contact, with nothing of the old one.
        ApiClient.Response back = integration().put("/api/contacts/" + VICTIM, """
                {"email": "%s", "firstName": "%s"}""".formatted(VICTIM_EMAIL, VICTIM_FIRST));
        assertThat(back.status()).as(back.body()).isEqualTo(201);
        JsonNode fresh = integration().get("/api/contacts/" + VICTIM + "/export").json();
        assertThat(fresh.path("profile").path("email").asText()).isEqualTo(VICTIM_EMAIL);
        assertThat(fresh.path("events")).isEmpty();
        assertThat(fresh.path("messages")).isEmpty();
        assertThat(fresh.path("scenarios")).isEmpty();
        assertThat(fresh.path("experiments")).isEmpty();
    }
}
