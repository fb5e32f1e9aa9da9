package io.relance.contact;

import com.fasterxml.jackson.databind.JsonNode;
import io.relance.support.ApiClient;
import io.relance.tracking.TrackingTokens;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent with proof, through real HTTP: the history every consent change writes (PUT with source and proof, an
 * {@code Unsubscribed} event, a STOP text message on the inbound-SMS webhook), its idempotency, its validation, who
 * may read it. Run on H2 ({@link ConsentHistoryOnH2Test}) and on the real MariaDB ({@link ConsentHistoryOnMariaDbTest}).
 */
abstract class ConsentHistoryTests {

    static final String PROBLEM_JSON = "application/problem+json";

    @LocalServerPort
    int port;
    @Autowired
    TrackingTokens tokens;
    @Autowired
    IdentityService identityService;

    ApiClient integration;
    ApiClient anonymous;

    @BeforeEach
    void clients() {
        integration = ApiClient.as(port, "integration", "integration-secret-for-tests");
        anonymous = ApiClient.anonymous(port);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A phone number no other test (or run on a shared database) uses. */
    static String phone() {
        return "+3367" + ThreadLocalRandom.current().nextLong(10_000_000L, 100_000_000L);
    }

    String contact(String json) {
        String id = unique("c");
        ApiClient.Response response = integration.put("/api/contacts/" + id, json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    JsonNode records(String contactId) {
        ApiClient.Response response = integration.get("/api/contacts/" + contactId + "/consents");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("records");
    }

    JsonNode records(String contactId, String channel) {
        ApiClient.Response response = integration.get("/api/contacts/" + contactId + "/consents?channel=" + channel);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("records");
    }

    JsonNode consent(String contactId, String channel) {
        return integration.get("/api/contacts/" + contactId).json().path("consents").path(channel);
    }

    static Set<String> errorFields(ApiClient.Response response) {
        Set<String> fields = new HashSet<>();
        response.json().path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
    }

    static String event(String eventId, String type, String contactId, String data) {
        return """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "2026-11-23T09:30:00+01:00"%s}"""
                .formatted(eventId, type, contactId, data == null ? "" : ", \"data\": " + data);
    }

    List<String> timelineTypes(String contactId) {
        List<String> types = new ArrayList<>();
        integration.get("/api/contacts/" + contactId + "/timeline").json().path("entries")
                .forEach(entry -> types.add(entry.path("type").asText()));
        return types;
    }

    // ---------------------------------------------------------------- PUT /api/contacts

    @Test
    void eachConsentAnswerIsRecordedWithItsSourceProofAndAccount() {
        String id = contact("""
                {"email": "marie@example.com",
                 "consents": {"email": {"granted": true, "at": "2026-11-20T08:00:00Z", "source": "x-checkout-form",
                                        "proof": {"form": "footer", "ip": "203.0.113.7", "wording": "v3",
                                                  "doubleOptIn": true, "attempt": 2}},
                              "sms": {"granted": false}}}""");

        JsonNode records = records(id);
        assertThat(records).hasSize(2);
        JsonNode email = records(id, "email").get(0);
        assertThat(email.path("channel").asText()).isEqualTo("email");
        assertThat(email.path("granted").asBoolean()).isTrue();
        assertThat(email.path("at").asText()).isEqualTo("2026-11-20T08:00:00Z");
        assertThat(email.path("recordedAt").asText()).isNotBlank();
        assertThat(email.path("source").asText()).isEqualTo("x-checkout-form");
        assertThat(email.path("proof").path("form").asText()).isEqualTo("footer");
        assertThat(email.path("proof").path("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(email.path("proof").path("doubleOptIn").asBoolean()).isTrue();
        assertThat(email.path("proof").path("attempt").asInt()).isEqualTo(2);
        assertThat(email.path("recordedBy").asText()).isEqualTo("integration");
        JsonNode sms = records(id, "sms").get(0);
        assertThat(sms.path("granted").asBoolean()).isFalse();
        assertThat(sms.path("source").asText()).as("the default source").isEqualTo("api");
        assertThat(sms.path("proof").isEmpty()).isTrue();
        // The contact shows the current state and where it came from.
        assertThat(consent(id, "email").path("source").asText()).isEqualTo("x-checkout-form");
        assertThat(consent(id, "email").path("granted").asBoolean()).isTrue();
        assertThat(consent(id, "sms").path("source").asText()).isEqualTo("api");
    }

    @Test
    void replayingTheSamePutAddsNoRecordAndTheHistoryIsNewestFirst() {
        String body = """
                {"email": "paul@example.com",
                 "consents": {"email": {"granted": true, "source": "import", "proof": {"file": "crm-2026-11.csv"}}}}""";
        String id = contact(body);
        for (int i = 0; i < 3; i++) {
            assertThat(integration.put("/api/contacts/" + id, body).status()).isEqualTo(200);
        }
        assertThat(integration.put("/api/contacts/" + id, """
                {"email": "paul@example.com", "consents": {"email": {"granted": true}}}""").status())
                .as("the same answer without evidence: a replay").isEqualTo(200);
        assertThat(integration.put("/api/contacts/" + id, """
                {"email": "paul@example.com"}""").status()).as("consents left out are kept").isEqualTo(200);
        assertThat(records(id)).hasSize(1);

        assertThat(integration.put("/api/contacts/" + id, """
                {"email": "paul@example.com", "consents": {"email": {"granted": false,
                 "proof": {"page": "preferences"}}}}""").status()).isEqualTo(200);
        assertThat(integration.put("/api/contacts/" + id, """
                {"email": "paul@example.com", "consents": {"email": {"granted": false,
                 "proof": {"page": "preferences"}}}}""").status()).isEqualTo(200);
        assertThat(integration.put("/api/contacts/" + id, """
                {"email": "paul@example.com", "consents": {"email": {"granted": true, "source": "tasklist",
                 "proof": {"call": "2026-11-23 10:15"}}}}""").status()).isEqualTo(200);

        JsonNode records = records(id);
        List<String> history = new ArrayList<>();
        records.forEach(r -> history.add(r.path("source").asText() + ":" + r.path("granted").asBoolean()));
        assertThat(history).containsExactly("tasklist:true", "api:false", "import:true");
        assertThat(records.get(0).path("id").asLong()).isGreaterThan(records.get(1).path("id").asLong());
        assertThat(records(id, "sms")).isEmpty();
        assertThat(consent(id, "email").path("source").asText()).isEqualTo("tasklist");
    }

    @Test
    void aBadSourceOrProofIsRefusedNamingTheFieldAndNothingIsRecorded() {
        String id = unique("c");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": ").append(i);
        }
        ApiClient.Response refused = integration.put("/api/contacts/" + id, """
                {"email": "marie@example.com",
                 "consents": {"email": {"granted": true, "source": "newsletter"},
                              "sms": {"granted": true, "proof": {"form": {"id": 3}}},
                              "phone": {"granted": true, "proof": {%s}}}}""".formatted(many));

        assertProblem(refused, 400);
        assertThat(errorFields(refused)).containsExactlyInAnyOrder("consents.email.source", "consents.sms.proof",
                "consents.phone.proof");
        assertThat(refused.body()).contains("x-<name>").contains("no object or array").contains("at most 20");
        assertThat(integration.get("/api/contacts/" + id).status()).isEqualTo(404);

        ApiClient.Response tooLong = integration.put("/api/contacts/" + id, """
                {"consents": {"email": {"granted": true, "proof": {"wording": "%s"}}}}""".formatted("x".repeat(501)));
        assertProblem(tooLong, 400);
        assertThat(errorFields(tooLong)).containsExactly("consents.email.proof");
        ApiClient.Response badName = integration.put("/api/contacts/" + id, """
                {"consents": {"email": {"granted": true, "proof": {"1st": "x"}}}}""");
        assertThat(errorFields(badName)).containsExactly("consents.email.proof");
        assertThat(integration.get("/api/contacts/" + id).status()).isEqualTo(404);
    }

    @Test
    void theHistoryOfAnUnknownContactIs404AndAnUnknownChannelIs400() {
        ApiClient.Response unknown = integration.get("/api/contacts/" + unique("nobody") + "/consents");
        assertProblem(unknown, 404);

        String id = contact("""
                {"consents": {"email": {"granted": true}}}""");
        ApiClient.Response fax = integration.get("/api/contacts/" + id + "/consents?channel=fax");
        assertProblem(fax, 400);
        assertThat(errorFields(fax)).containsExactly("channel");
    }

    @Test
    void proofsArePersonalDataMarketingReadsTheContactButNotItsConsentHistory() {
        String id = contact("""
                {"consents": {"email": {"granted": true, "proof": {"ip": "203.0.113.7"}}}}""");
        String marketer = "marketer" + UUID.randomUUID().toString().substring(0, 8);
        User user = identityService.newUser(marketer);
        user.setPassword("secret-" + marketer);
        identityService.saveUser(user);
        identityService.createMembership(marketer, "marketing");
        ApiClient marketing = ApiClient.as(port, marketer, "secret-" + marketer);

        assertThat(marketing.get("/api/contacts/" + id).status()).as("MARKETING_READS has /api/contacts/*")
                .isEqualTo(200);
        assertProblem(marketing.get("/api/contacts/" + id + "/consents"), 403);
        assertProblem(anonymous.get("/api/contacts/" + id + "/consents"), 401);
        assertThat(ApiClient.as(port, "admin", "admin-secret-for-tests").get("/api/contacts/" + id + "/consents")
                .status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- Unsubscribed events

    @Test
    void anUnsubscribedEventWithdrawsItsChannelOnceWithTheEventIdAsProof() {
        String id = contact("""
                {"email": "lea@example.com", "phone": "+33612345678",
                 "consents": {"email": {"granted": true}, "sms": {"granted": true}}}""");
        String eventId = unique("unsub");

        ApiClient.Response accepted = integration.post("/api/events",
                event(eventId, "Unsubscribed", id, "{\"channel\": \"sms\"}"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        assertThat(consent(id, "sms").path("granted").asBoolean()).isFalse();
        assertThat(consent(id, "sms").path("source").asText()).isEqualTo("event");
        assertThat(consent(id, "sms").path("at").asText()).as("when the event occurred")
                .isEqualTo("2026-11-23T08:30:00Z");
        assertThat(consent(id, "email").path("granted").asBoolean()).isTrue();
        JsonNode withdrawal = records(id, "sms").get(0);
        assertThat(withdrawal.path("source").asText()).isEqualTo("event");
        assertThat(withdrawal.path("proof").path("eventId").asText()).isEqualTo(eventId);
        assertThat(withdrawal.path("recordedBy").asText()).isEqualTo("integration");

        ApiClient.Response replay = integration.post("/api/events",
                event(eventId, "Unsubscribed", id, "{\"channel\": \"sms\"}"));
        assertThat(replay.status()).isEqualTo(200);
        assertThat(integration.post("/api/events", event(unique("unsub"), "Unsubscribed", id,
                "{\"channel\": \"sms\"}")).status()).as("already withdrawn").isEqualTo(202);
        assertThat(records(id, "sms")).hasSize(2);

        assertThat(integration.post("/api/events", event(unique("unsub"), "Unsubscribed", id, null)).status())
                .isEqualTo(202);
        assertThat(consent(id, "email").path("granted").asBoolean()).as("email by default").isFalse();
        assertThat(records(id, "email")).hasSize(2);
    }

    @Test
    void anUnsubscribedEventWithAnUnknownChannelIsRefusedAndChangesNothing() {
        String id = contact("""
                {"email": "lea@example.com", "consents": {"email": {"granted": true}}}""");
        String eventId = unique("unsub");

        ApiClient.Response refused = integration.post("/api/events",
                event(eventId, "Unsubscribed", id, "{\"channel\": \"fax\"}"));

        assertProblem(refused, 400);
        assertThat(errorFields(refused)).containsExactly("data.channel");
        assertThat(consent(id, "email").path("granted").asBoolean()).isTrue();
        assertThat(records(id)).hasSize(1);
        assertThat(timelineTypes(id)).doesNotContain("Unsubscribed");
        assertThat(integration.post("/api/events", event(eventId, "Unsubscribed", id, "{\"channel\": \"email\"}"))
                .status()).as("the refused event left no trace of its id").isEqualTo(202);
    }

    // ---------------------------------------------------------------- STOP by SMS

    String inbound() {
        return "/t/sms-in/" + tokens.inboundSmsKey();
    }

    static String query(String... pairs) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            query.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    @Test
    void aStopTextWithdrawsSmsConsentOfEveryContactWithThatNumberOnceEvenWhenTheWebhookIsRetried() {
        String phone = phone();
        String first = contact("""
                {"phone": "%s", "consents": {"sms": {"granted": true}, "email": {"granted": true}}}""".formatted(phone));
        String second = contact("""
                {"phone": "%s", "consents": {"sms": {"granted": true}}}""".formatted(phone));
        String other = contact("""
                {"phone": "%s", "consents": {"sms": {"granted": true}}}""".formatted(phone()));
        String messageId = "0B0000" + UUID.randomUUID().toString().substring(0, 10).toUpperCase();
        String stop = inbound() + "?" + query("msisdn", phone.substring(1), "to", "33644630000",
                "messageId", messageId, "text", " Arrêt  sms ", "type", "unicode",
                "message-timestamp", "2026-11-23 10:00:00");

        assertThat(anonymous.get(stop).status()).isEqualTo(200);
        assertThat(anonymous.get(stop).status()).as("the provider sends it again").isEqualTo(200);

        for (String id : List.of(first, second)) {
            assertThat(consent(id, "sms").path("granted").asBoolean()).isFalse();
            assertThat(consent(id, "sms").path("source").asText()).isEqualTo("sms-stop");
            JsonNode sms = records(id, "sms");
            assertThat(sms).hasSize(2);
            JsonNode withdrawal = sms.get(0);
            assertThat(withdrawal.path("granted").asBoolean()).isFalse();
            assertThat(withdrawal.path("at").asText()).isEqualTo("2026-11-23T10:00:00Z");
            assertThat(withdrawal.path("source").asText()).isEqualTo("sms-stop");
            assertThat(withdrawal.path("proof").path("messageId").asText()).isEqualTo(messageId);
            assertThat(withdrawal.path("proof").path("text").asText()).isEqualTo(" Arrêt  sms ");
            assertThat(withdrawal.path("proof").path("from").asText()).isEqualTo(phone);
            assertThat(withdrawal.has("recordedBy")).as("no account: the contact's own text").isFalse();
            assertThat(timelineTypes(id)).containsOnlyOnce("Unsubscribed");
        }
        assertThat(consent(first, "email").path("granted").asBoolean()).isTrue();
        assertThat(consent(other, "sms").path("granted").asBoolean()).isTrue();

        // Granted again later: an old STOP sent again by the provider does not withdraw it anew.
        assertThat(integration.put("/api/contacts/" + second, """
                {"phone": "%s", "consents": {"sms": {"granted": true}}}""".formatted(phone)).status()).isEqualTo(200);
        assertThat(anonymous.get(stop).status()).isEqualTo(200);
        assertThat(consent(second, "sms").path("granted").asBoolean()).isTrue();
    }

    @Test
    void stopArrivesAsAFormOrJsonPostInAnyCaseAndOtherTextsChangeNothing() {
        String phone = phone();
        String id = contact("""
                {"phone": "%s", "consents": {"sms": {"granted": true}}}""".formatted(phone));
        String msisdn = phone.substring(1);

        ApiClient.Response hello = anonymous.post(inbound(), """
                {"msisdn": "%s", "to": "33644630000", "messageId": "%s", "text": "Stop calling me at work please",
                 "type": "text", "message-timestamp": "2026-11-23 10:00:00"}""".formatted(msisdn, UUID.randomUUID()),
                "application/json", null);
        assertThat(hello.status()).isEqualTo(200);
        assertThat(consent(id, "sms").path("granted").asBoolean()).isTrue();

        ApiClient.Response unknownNumber = anonymous.post(inbound(), query("msisdn", phone().substring(1),
                "to", "33644630000", "messageId", UUID.randomUUID().toString(), "text", "STOP"),
                "application/x-www-form-urlencoded", null);
        assertThat(unknownNumber.status()).isEqualTo(200);

        ApiClient.Response wrongKey = anonymous.get("/t/sms-in/not-the-key?" + query("msisdn", msisdn, "text", "STOP"));
        assertThat(wrongKey.status()).isEqualTo(404);
        assertThat(consent(id, "sms").path("granted").asBoolean()).isTrue();

        ApiClient.Response stop = anonymous.post(inbound(), query("msisdn", msisdn, "to", "33644630000",
                "messageId", UUID.randomUUID().toString(), "text", " stop ", "message-timestamp",
                "2026-11-23 11:00:00"), "application/x-www-form-urlencoded", null);
        assertThat(stop.status()).isEqualTo(200);
        assertThat(consent(id, "sms").path("granted").asBoolean()).isFalse();
        assertThat(records(id, "sms")).hasSize(2);
    }
}
