package io.relance.pressure;

import com.fasterxml.jackson.databind.JsonNode;
import io.relance.channel.sms.SmsMessage;
import io.relance.channel.sms.SmsSink;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pressure rules with the shipped defaults, on the real engine and database: quiet hours for commercial SMS
 * (evening, Sunday, public holiday, another time zone), caps over 7 days, a place reserved by a higher priority due
 * later in the day, and transactional messages never held. Each case runs a one-task scenario deployed the way
 * Relance deploys scenarios (its commercial send task waits for arbitration).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-pressure;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class PressureRulesTest extends SmtpTest {

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    HistoryService historyService;
    @Autowired
    ArbitrationWorker arbitration;
    @Autowired
    SmsSink sms;
    @Autowired
    TestClock clock;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        sms.clear();
        for (String channel : List.of("email", "sms")) {
            String key = "pressure-" + channel;
            if (repositoryService.createProcessDefinitionQuery().processDefinitionKey(key).count() == 0) {
                byte[] bpmn = Bpmn.convertToString(Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1)
                        .startEvent()
                        .serviceTask("Task_Send").camundaAsyncBefore()
                        .camundaDelegateExpression(channel.equals("sms") ? "${sendSms}" : "${sendEmail}")
                        .camundaInputParameter("messageType", "${type}")
                        .camundaInputParameter("category", "commercial")
                        .endEvent("EndEvent_Done")
                        .done()).getBytes(StandardCharsets.UTF_8);
                repositoryService.createDeployment().name(key).addInputStream(key + ".bpmn",
                        new ByteArrayInputStream(ArbitratedSends.apply(bpmn))).deploy();
            }
        }
    }

    private final java.util.Map<String, String> phones = new java.util.HashMap<>();

    private String contact(String timeZone) {
        String id = "c-" + UUID.randomUUID();
        String phone = "+336" + String.format("%08d", new java.util.Random().nextInt(100_000_000));
        phones.put(id, phone);
        ApiClient.Response response = api.put("/api/contacts/" + id, """
                {"email": "%s@example.com", "phone": "%s", "firstName": "Inès", "locale": "fr",
                 "timeZone": "%s",
                 "consents": {"email": {"granted": true, "at": "2024-01-15T10:00:00Z"},
                              "sms": {"granted": true, "at": "2024-01-15T10:00:00Z"}},
                 "attributes": {"valueTier": "standard"}}""".formatted(id, phone, timeZone));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    /** Starts the one-task scenario at {@code at}: the send task is reached and waits for its arbitration. */
    private String send(String contactId, String channel, String type, Instant at) {
        clock.set(at);
        String instance = runtimeService.startProcessInstanceByKey("pressure-" + channel, contactId,
                Variables.createVariables().putValue("type", type).putValue("offerPercent", 10)
                        .putValue("offerValidDays", 15)).getId();
        Arbitrated.settle(arbitration);
        return instance;
    }

    private void at(Instant instant) {
        clock.set(instant);
        Arbitrated.settle(arbitration);
    }

    private String status(String instance) {
        return (String) variable(instance, "sendStatus");
    }

    /** A variable of the instance, running or ended. */
    private Object variable(String instance, String name) {
        var value = historyService.createHistoricVariableInstanceQuery().processInstanceId(instance)
                .variableName(name).singleResult();
        return value == null ? null : value.getValue();
    }

    private JsonNode pending(String contactId) {
        for (JsonNode entry : api.get("/api/contacts/" + contactId + "/timeline").json().path("entries")) {
            if (entry.path("kind").asText().equals("pending")) {
                return entry;
            }
        }
        throw new AssertionError("nothing waiting for " + contactId);
    }

    private List<String> smsTo(String phone) {
        return sms.messages().stream().filter(m -> m.to().equals(phone)).map(SmsMessage::text).toList();
    }

    @Test
    void aCommercialSmsOnSaturdayEveningWaitsForMondayMorning() {
        String contact = contact("Europe/Paris");
        // Saturday 5 December 2026, 21:00 in Paris.
        String instance = send(contact, "sms", "welcome", Instant.parse("2026-12-05T20:00:00Z"));
        assertThat(status(instance)).as("waiting").isNull();
        assertThat(pending(contact).path("decideAt").asText()).as("Monday 08:00 in Paris")
                .isEqualTo("2026-12-07T07:00:00Z");
        at(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(smsTo(phones.get(contact))).as("not on Sunday").isEmpty();
        at(Instant.parse("2026-12-07T07:00:01Z"));
        assertThat(status(instance)).isEqualTo("sent");
        assertThat(smsTo(phones.get(contact))).hasSize(1);
    }

    @Test
    void aCommercialSmsOnSundayWaitsForMonday() {
        String contact = contact("Europe/Paris");
        send(contact, "sms", "welcome", Instant.parse("2026-12-06T09:00:00Z"));
        assertThat(pending(contact).path("decideAt").asText()).isEqualTo("2026-12-07T07:00:00Z");
    }

    @Test
    void aCommercialSmsOnAPublicHolidayWaitsForTheNextDay() {
        String contact = contact("Europe/Paris");
        // Christmas, a Friday, 10:00 in Paris: the next allowed moment is Saturday 08:00.
        send(contact, "sms", "welcome", Instant.parse("2026-12-25T09:00:00Z"));
        assertThat(pending(contact).path("decideAt").asText()).isEqualTo("2026-12-26T07:00:00Z");
        assertThat(pending(contact).path("reason").asText()).startsWith("held until 2026-12-26T07:00:00Z");
    }

    @Test
    void quietHoursAreTheContactsOwn() {
        String newYork = contact("America/New_York");
        String paris = contact("Europe/Paris");
        // Saturday 21:00 in New York is Sunday 03:00 in Paris.
        Instant saturdayEveningInNewYork = Instant.parse("2026-12-06T02:00:00Z");
        send(newYork, "sms", "welcome", saturdayEveningInNewYork);
        send(paris, "sms", "welcome", saturdayEveningInNewYork);
        assertThat(pending(newYork).path("decideAt").asText()).as("Monday 08:00 in New York")
                .isEqualTo("2026-12-07T13:00:00Z");
        assertThat(pending(paris).path("decideAt").asText()).as("Monday 08:00 in Paris")
                .isEqualTo("2026-12-07T07:00:00Z");
    }

    @Test
    void emailWaitsOnlyForItsNightlyQuietHours() {
        String contact = contact("Europe/Paris");
        // Sunday 23:30 in Paris: email has no Sunday rule, only 22:00-07:00.
        String instance = send(contact, "email", "welcome", Instant.parse("2026-12-06T22:30:00Z"));
        assertThat(pending(contact).path("decideAt").asText()).isEqualTo("2026-12-07T06:00:00Z");
        at(Instant.parse("2026-12-07T06:00:00Z"));
        assertThat(status(instance)).isEqualTo("sent");
    }

    @Test
    void atMostThreeCommercialMessagesPerSevenDays() {
        String contact = contact("Europe/Paris");
        Instant monday = Instant.parse("2026-12-07T09:30:00Z");
        List<String> statuses = new java.util.ArrayList<>();
        for (int day = 0; day < 4; day++) {
            statuses.add(status(send(contact, "email", "welcome", monday.plus(java.time.Duration.ofDays(day)))));
        }
        assertThat(statuses).containsExactly("sent", "sent", "sent", "suppressed");
        String nextMonday = send(contact, "email", "welcome", monday.plus(java.time.Duration.ofDays(7)).plusSeconds(1));
        assertThat(status(nextMonday)).as("a week after the first, a place is free again").isEqualTo("sent");
        JsonNode entries = api.get("/api/contacts/" + contact + "/timeline").json().path("entries");
        assertThat(entries.findValuesAsText("reason")).anySatisfy(reason -> assertThat(reason)
                .startsWith("cap: 3 commercial messages per 7 days (all channels) reached"));
    }

    @Test
    void aHigherPriorityDueLaterTodayKeepsItsPlace() {
        String contact = contact("Europe/Paris");
        // 08:00: the birthday greeting is registered for the 10:00 slot.
        String birthday = send(contact, "email", "birthday", Instant.parse("2026-12-08T07:00:00Z"));
        String birthdayId = pending(contact).path("id").asText();
        // 08:30: a cart reminder (decided when due) would take the day's only place: the greeting keeps it.
        String reminder = send(contact, "email", "cart-reminder-1", Instant.parse("2026-12-08T07:30:00Z"));
        assertThat(status(reminder)).isEqualTo("suppressed");
        assertThat((String) variable(reminder, "sendReason"))
                .isEqualTo("arbitration: 'birthday' (priority 100) has the place (1 commercial message per 24 hours"
                        + " (all channels))");
        at(Instant.parse("2026-12-08T09:00:00Z"));
        assertThat(status(birthday)).isEqualTo("sent");
        assertThat(variable(birthday, "communicationId")).isEqualTo(birthdayId);
        JsonNode entries = api.get("/api/contacts/" + contact + "/timeline").json().path("entries");
        assertThat(entries.findValuesAsText("winnerId")).contains(birthdayId);
    }

    @Test
    void transactionalMessagesAreNeverHeldNorCapped() {
        String contact = contact("Europe/Paris");
        send(contact, "email", "welcome", Instant.parse("2026-12-05T10:00:00Z"));
        // 23:30 on a Saturday, the day's cap reached: a message type the DMN says is transactional goes out at once.
        String confirmation = send(contact, "email", "order-confirmation", Instant.parse("2026-12-05T22:30:00Z"));
        assertThat(status(confirmation)).isEqualTo("sent");
        JsonNode entries = api.get("/api/contacts/" + contact + "/timeline").json().path("entries");
        assertThat(entries.get(0).path("category").asText()).isEqualTo("transactional");
    }

    @Test
    void aBadBroadcastIsRefusedWithEachProblemNamed() {
        ApiClient.Response response = api.post("/api/broadcasts", """
                {"name": "Oops", "messageType": "no-such-message", "channel": "email",
                 "segment": {"interest": {"nested": true}}}""");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("messageType", "segment.interest");
        ApiClient.Response transactional = api.post("/api/broadcasts", """
                {"name": "Oops", "messageType": "order-confirmation", "channel": "email"}""");
        assertThat(transactional.status()).isEqualTo(400);
        assertThat(transactional.body()).contains("transactional");
        ApiClient.Response fax = api.post("/api/broadcasts", """
                {"name": "Oops", "messageType": "promotion", "channel": "fax"}""");
        assertThat(fax.status()).isEqualTo(400);
        assertThat(fax.json().path("errors").findValuesAsText("field")).containsExactly("channel");
        assertThat(api.get("/api/broadcasts/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey("broadcast").count())
                .isEqualTo(1);
    }

    @Test
    void decidedMessagesAreForgottenAfterAMonthTheLogStays() {
        String contact = contact("Europe/Paris");
        String instance = send(contact, "email", "welcome", Instant.parse("2026-12-08T09:30:00Z"));
        String id = (String) variable(instance, "communicationId");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM pending_message WHERE id = ?", Integer.class, id))
                .isEqualTo(1);
        clock.set(Instant.parse("2027-01-08T09:31:00Z"));
        assertThat(arbitration.forgetOldDecisions()).isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM pending_message WHERE id = ?", Integer.class, id))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM communication WHERE id = ?", Integer.class, id))
                .isEqualTo(1);
    }
}
