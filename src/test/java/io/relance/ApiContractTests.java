package io.relance;

import com.fasterxml.jackson.databind.JsonNode;
import io.relance.scenario.EventType;
import io.relance.scenario.Welcome;
import io.relance.support.ApiClient;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST contract of Relance, through real HTTP: security, contacts, event intake. Run against H2
 * ({@link ApiOnH2Test}) and against the real MariaDB ({@link ApiOnMariaDbTest}).
 */
// The welcome email these tests wait for is commercial: with the shipped email quiet hours (22:00-07:00 in Paris) a
// run in the evening would see it held until the morning. The contract does not depend on the time of day.
@org.springframework.test.context.TestPropertySource(properties = {
        "relance.pressure.quiet-hours.email.from=00:00", "relance.pressure.quiet-hours.email.to=00:00"})
abstract class ApiContractTests {

    static final String ADMIN_PASSWORD = "admin-secret-for-tests";
    static final String INTEGRATION_PASSWORD = "integration-secret-for-tests";
    static final String PROBLEM_JSON = "application/problem+json";

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    ManagementService managementService;
    @Autowired
    IdentityService identityService;
    @Autowired
    RepositoryService repositoryService;

    ApiClient integration;
    ApiClient admin;
    ApiClient anonymous;

    @BeforeEach
    void clients() {
        integration = ApiClient.as(port, "integration", INTEGRATION_PASSWORD);
        admin = ApiClient.as(port, "admin", ADMIN_PASSWORD);
        anonymous = ApiClient.anonymous(port);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    String createContact() {
        String id = unique("c");
        ApiClient.Response response = integration.put("/api/contacts/" + id, """
                {"email": "marie@example.com", "firstName": "Marie", "locale": "fr-FR", "timeZone": "Europe/Paris",
                 "consents": {"email": {"granted": true}}}""");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    static String event(String eventId, String type, String contactId, String data) {
        return """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "2026-11-23T09:30:00+01:00"%s}"""
                .formatted(eventId, type, contactId, data == null ? "" : ", \"data\": " + data);
    }

    static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("title").asText()).isNotBlank();
    }

    static Set<String> errorFields(ApiClient.Response response) {
        Set<String> fields = new HashSet<>();
        response.json().path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    /**
     * The welcome email waits for its arbitration (a commercial send: an external task, no job), which the arbitration
     * worker running in the background completes; then the scenario waits on its gateway.
     */
    void awaitWelcomeWaiting(String instanceId) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!runtimeService.getActiveActivityIds(instanceId).contains(Welcome.GATEWAY_REACTION_OR_DELAY)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("instance " + instanceId + " still at "
                        + runtimeService.getActiveActivityIds(instanceId));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    String startWelcome(String contactId) {
        String instanceId = integration.post("/api/events", event(unique("e"), Welcome.MESSAGE_START, contactId,
                null)).json().path("startedInstances").get(0).asText();
        awaitWelcomeWaiting(instanceId);
        return instanceId;
    }

    long instancesOf(String contactId) {
        return historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(contactId).count();
    }

    // ---------------------------------------------------------------- security

    @Test
    void anonymousCallsGet401AndNoData() {
        String contactId = createContact();
        for (ApiClient.Response response : List.of(
                anonymous.get("/api/contacts/" + contactId),
                anonymous.post("/api/events", event(unique("e"), Welcome.MESSAGE_START, contactId, null)),
                anonymous.get("/engine-rest/process-definition"),
                anonymous.get("/engine-rest/user"),
                anonymous.post("/engine-rest/message", "{\"messageName\": \"NewsletterSubscribed\"}"))) {
            assertProblem(response, 401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
            assertThat(response.body()).doesNotContain("marie@example.com");
        }
        assertThat(instancesOf(contactId)).isZero();
    }

    @Test
    void wrongPasswordOrUnknownUserIs401() {
        // A user of its own: Camunda delays further logins of a user after a failed one (brute-force protection).
        String userId = "u" + UUID.randomUUID().toString().replace("-", "");
        User user = identityService.newUser(userId);
        user.setPassword("right-password");
        identityService.saveUser(user);
        identityService.createMembership(userId, "integration");
        try {
            assertProblem(ApiClient.as(port, userId, "wrong-password").get("/api/contacts/x"), 401);
            assertProblem(ApiClient.as(port, "nobody", "nothing").get("/engine-rest/engine"), 401);
        } finally {
            identityService.deleteUser(userId);
        }
    }

    @Test
    void integrationAccountPushesButCannotAdministerTheEngine() {
        assertProblem(integration.get("/engine-rest/process-definition"), 403);
        assertProblem(integration.get("/engine-rest/user"), 403);
        assertProblem(integration.post("/engine-rest/deployment/create", "{}"), 403);
        assertThat(admin.get("/engine-rest/process-definition").status()).isEqualTo(200);
        assertThat(admin.get("/api/contacts/" + createContact()).status()).isEqualTo(200);
    }

    @Test
    void integrationAccountMayCorrelateMessagesOverEngineRest() {
        String contactId = createContact();
        ApiClient.Response response = integration.post("/engine-rest/message", """
                {"messageName": "NewsletterSubscribed#welcome", "businessKey": "%s", "resultEnabled": true}"""
                .formatted(contactId));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(instancesOf(contactId)).isEqualTo(1);
    }

    @Test
    void outboxShowsWhatWasSentToAdministratorsOnly() {
        String contactId = createContact();
        startWelcome(contactId);
        ApiClient.Response outbox = admin.get("/outbox");
        assertThat(outbox.status()).isEqualTo(200);
        assertThat(outbox.contentType()).startsWith("text/html");
        assertThat(outbox.body()).contains(contactId).contains("welcome").contains("Bienvenue Marie");
        assertThat(admin.get("/outbox/mail/0").body()).contains("<html");
        assertProblem(anonymous.get("/outbox"), 401);
        assertProblem(integration.get("/outbox"), 403);
    }

    @Test
    void healthProbeIsPublic() {
        ApiClient.Response response = anonymous.get("/actuator/health");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo("UP");
        assertThat(anonymous.get("/actuator/env").status()).isIn(401, 403, 404);
    }

    // ---------------------------------------------------------------- contacts

    @Test
    void contactIsCreatedThenUpdated() {
        String id = unique("c");
        ApiClient.Response created = integration.put("/api/contacts/" + id, """
                {"email": "marie@example.com", "phone": "+33612345678", "firstName": "Marie", "lastName": "Curie",
                 "birthDate": "1990-11-23", "locale": "fr-FR", "timeZone": "Europe/Paris",
                 "consents": {"email": {"granted": true, "at": "2026-01-10T08:00:00Z"}, "sms": {"granted": false}},
                 "attributes": {"country": "FR", "valueTier": "gold", "orders": 3, "vip": true}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("contactId").asText()).isEqualTo(id);

        JsonNode read = integration.get("/api/contacts/" + id).json();
        assertThat(read.path("phone").asText()).isEqualTo("+33612345678");
        assertThat(read.path("birthDate").asText()).isEqualTo("1990-11-23");
        assertThat(read.path("consents").path("email").path("granted").asBoolean()).isTrue();
        assertThat(Instant.parse(read.path("consents").path("email").path("at").asText()))
                .isEqualTo(Instant.parse("2026-01-10T08:00:00Z"));
        assertThat(read.path("consents").path("sms").path("granted").asBoolean()).isFalse();
        assertThat(read.path("consents").has("phone")).isFalse();
        assertThat(read.path("attributes").path("orders").asInt()).isEqualTo(3);
        assertThat(read.path("attributes").path("vip").isBoolean()).isTrue();

        ApiClient.Response updated = integration.put("/api/contacts/" + id, """
                {"email": "marie.curie@example.com", "locale": "fr", "timeZone": "Europe/Paris",
                 "consents": {"sms": {"granted": true}}}""");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        JsonNode after = integration.get("/api/contacts/" + id).json();
        assertThat(after.path("email").asText()).isEqualTo("marie.curie@example.com");
        assertThat(after.has("phone")).as("PUT replaces the profile").isFalse();
        assertThat(after.path("createdAt").asText()).isEqualTo(read.path("createdAt").asText());
        // A channel left out keeps its consent and its date; a changed answer gets a new date.
        assertThat(Instant.parse(after.path("consents").path("email").path("at").asText()))
                .isEqualTo(Instant.parse("2026-01-10T08:00:00Z"));
        assertThat(after.path("consents").path("sms").path("granted").asBoolean()).isTrue();
        assertThat(Instant.parse(after.path("consents").path("sms").path("at").asText()))
                .isAfter(Instant.now().minus(Duration.ofMinutes(5)));
    }

    @Test
    void invalidContactListsEachBadFieldAndStoresNothing() {
        String id = unique("c");
        ApiClient.Response response = integration.put("/api/contacts/" + id, """
                {"email": "not-an-email", "phone": "0612345678", "birthDate": "2999-01-01",
                 "locale": "not a locale!", "timeZone": "Mars/Olympus_Mons",
                 "consents": {"sms": {"at": "2026-01-01T00:00:00Z"}, "email": {"granted": true, "at": "2999-01-01T00:00:00Z"}},
                 "attributes": {"bad key": 1, "nested": {"a": 1}}}""");
        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactlyInAnyOrder("email", "phone", "birthDate", "locale",
                "timeZone", "consents.sms.granted", "consents.email.at", "attributes");
        assertProblem(integration.get("/api/contacts/" + id), 404);
    }

    @Test
    void unknownFieldOrWrongTypeIsNamed() {
        String id = unique("c");
        ApiClient.Response unknown = integration.put("/api/contacts/" + id, "{\"frstName\": \"Marie\"}");
        assertProblem(unknown, 400);
        assertThat(errorFields(unknown)).containsExactly("frstName");
        ApiClient.Response wrongType = integration.put("/api/contacts/" + id, "{\"birthDate\": \"yesterday\"}");
        assertProblem(wrongType, 400);
        assertThat(errorFields(wrongType)).containsExactly("birthDate");
        assertProblem(integration.put("/api/contacts/" + id, "{\"email\": "), 400);
        assertProblem(integration.get("/api/contacts/" + id), 404);
    }

    @Test
    void badContactIdIs400() {
        ApiClient.Response response = integration.put("/api/contacts/has%20space", "{}");
        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactly("contactId");
    }

    // ---------------------------------------------------------------- events

    @Test
    void eventStartsScenarioWithTypedVariables() {
        String contactId = createContact();
        ApiClient.Response response = integration.post("/api/events", event(unique("e"), Welcome.MESSAGE_START,
                contactId, """
                        {"source": "checkout", "score": 12, "ratio": 0.5, "vip": true, "note": null,
                         "campaign": {"code": "WELCOME10", "channels": ["email", "sms"]}}"""));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode started = response.json().path("startedInstances");
        assertThat(started).hasSize(1);
        assertThat(response.json().path("reachedInstances")).isEmpty();

        ProcessInstance instance = runtimeService.createProcessInstanceQuery()
                .processInstanceId(started.get(0).asText()).singleResult();
        assertThat(instance.getBusinessKey()).isEqualTo(contactId);
        assertThat(instance.getProcessDefinitionId()).startsWith(Welcome.PROCESS_KEY + ":");
        String id = instance.getId();
        assertThat(runtimeService.getVariable(id, "contactId")).isEqualTo(contactId);
        assertThat(runtimeService.getVariables(id)).containsKeys("contactId", "source", "score", "ratio", "vip",
                "note", "campaign").doesNotContainKeys("eventId", "eventType", "occurredAt");
        assertThat(runtimeService.getVariable(id, "source")).isEqualTo("checkout");
        assertThat(runtimeService.getVariable(id, "score")).isEqualTo(12L);
        assertThat(runtimeService.getVariable(id, "ratio")).isEqualTo(0.5);
        assertThat(runtimeService.getVariable(id, "vip")).isEqualTo(true);
        assertThat(runtimeService.getVariable(id, "note")).isNull();
        TypedValue campaign = runtimeService.getVariableTyped(id, "campaign", false);
        assertThat(campaign.getType().getName()).isEqualTo("json");
        assertThat(runtimeService.getVariableTyped(id, "campaign").getValue().toString()).contains("WELCOME10");

        // Waiting on the welcome delay the DMN decided for a checkout subscription: one day.
        awaitWelcomeWaiting(id);
        assertThat(runtimeService.getVariable(id, Welcome.REMINDER_DELAY.name())).isEqualTo("P1D");
        Job timer = managementService.createJobQuery().processInstanceId(id).timers().singleResult();
        assertThat(timer.getDuedate().toInstant())
                .isBetween(Instant.now().plus(Duration.ofDays(1)).minus(Duration.ofMinutes(5)),
                        Instant.now().plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5)));
    }

    @Test
    void eventReachesTheContactsWaitingInstance() {
        String contactId = createContact();
        String instanceId = startWelcome(contactId);
        String otherContact = createContact();
        startWelcome(otherContact);

        ApiClient.Response response = integration.post("/api/events",
                event(unique("e"), EventType.UNSUBSCRIBED, contactId, "{\"channel\": \"email\"}"));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("startedInstances")).isEmpty();
        assertThat(response.json().path("reachedInstances")).hasSize(1);
        assertThat(response.json().path("reachedInstances").get(0).asText()).isEqualTo(instanceId);
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .activityId(Welcome.END_UNSUBSCRIBED).count()).isEqualTo(1);
        // The other contact's instance is still waiting.
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(otherContact).count())
                .isEqualTo(1);
    }

    @Test
    void knownTypeWithNobodyWaitingIsAcceptedAndReachesNothing() {
        String contactId = createContact();
        ApiClient.Response response = integration.post("/api/events",
                event(unique("e"), EventType.UNSUBSCRIBED, contactId, null));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("startedInstances")).isEmpty();
        assertThat(response.json().path("reachedInstances")).isEmpty();
    }

    @Test
    void sameEventIdAgainGivesTheSameAnswerAndDoesNothing() {
        String contactId = createContact();
        String body = event(unique("e"), Welcome.MESSAGE_START, contactId, "{\"source\": \"popup\"}");
        ApiClient.Response first = integration.post("/api/events", body);
        ApiClient.Response second = integration.post("/api/events", body);
        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(instancesOf(contactId)).isEqualTo(1);
    }

    @Test
    void sameEventIdWithOtherContentIsAConflict() {
        String contactId = createContact();
        String eventId = unique("e");
        assertThat(integration.post("/api/events", event(eventId, Welcome.MESSAGE_START, contactId,
                "{\"source\": \"popup\"}")).status()).isEqualTo(202);
        assertProblem(integration.post("/api/events", event(eventId, Welcome.MESSAGE_START, contactId,
                "{\"source\": \"checkout\"}")), 409);
        assertThat(instancesOf(contactId)).isEqualTo(1);
    }

    @Test
    void duplicateEventIdsArrivingAtTheSameMomentStartOneInstance() throws Exception {
        String contactId = createContact();
        String body = event(unique("e"), Welcome.MESSAGE_START, contactId, null);
        List<ApiClient.Response> responses = concurrently(8, i -> integration.post("/api/events", body));
        assertThat(responses).extracting(ApiClient.Response::status).containsOnly(200, 202);
        assertThat(responses).filteredOn(r -> r.status() == 202).hasSize(1);
        Set<String> startedIds = new HashSet<>();
        responses.forEach(r -> startedIds.add(r.json().path("startedInstances").toString()));
        assertThat(startedIds).hasSize(1);
        assertThat(instancesOf(contactId)).isEqualTo(1);
    }

    @Test
    void concurrentEventsForOneWaitingInstanceAreRetriedNotFailed() throws Exception {
        String contactId = createContact();
        String instanceId = startWelcome(contactId);
        List<ApiClient.Response> responses = concurrently(8, i -> integration.post("/api/events",
                event(unique("e"), EventType.UNSUBSCRIBED, contactId, null)));
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(202));
        long reached = responses.stream().filter(r -> r.json().path("reachedInstances").size() == 1).count();
        assertThat(reached).as("exactly one event ends the instance").isEqualTo(1);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instanceId).finished()
                .count()).isEqualTo(1);
    }

    @Test
    void unknownContactIs404AndNothingIsRecorded() {
        String contactId = unique("c");
        String body = event(unique("e"), Welcome.MESSAGE_START, contactId, null);
        ApiClient.Response response = integration.post("/api/events", body);
        assertProblem(response, 404);
        assertThat(response.json().path("detail").asText()).contains(contactId);
        // Nothing half-done: once the contact exists, the same event is new, not a replay.
        assertThat(integration.put("/api/contacts/" + contactId, "{\"email\": \"x@example.com\"}").status())
                .isEqualTo(201);
        assertThat(integration.post("/api/events", body).status()).isEqualTo(202);
    }

    @Test
    void unknownTypeIs422NamingItAndNothingIsRecorded() {
        String contactId = createContact();
        String eventId = unique("e");
        ApiClient.Response response = integration.post("/api/events", event(eventId, "PizzaOrdered", contactId, null));
        assertProblem(response, 422);
        assertThat(response.json().path("detail").asText()).contains("PizzaOrdered").contains("NewsletterSubscribed");
        assertThat(integration.post("/api/events", event(eventId, Welcome.MESSAGE_START, contactId, null)).status())
                .isEqualTo(202);
    }

    /**
     * A process deployed through the engine itself (the Modeler's deploy button, the engine's REST API) keeps its
     * plain start message, no alias (Relance's deployment gives the shipped scenarios theirs): the intake starts it
     * all the same, once its type is known (within the event types' refresh).
     */
    @Test
    void aProcessDeployedThroughTheEngineItselfStartsOnItsPlainMessage() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String type = "EngineDeployed" + suffix;
        String key = "engine-deployed-" + suffix;
        Deployment deployment = repositoryService.createDeployment().name(key).addModelInstance(key + ".bpmn",
                Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1).startEvent().message(type)
                        .endEvent().done()).deploy();
        try {
            String contactId = createContact();
            ApiClient.Response response = integration.post("/api/events", event(unique("e"), type, contactId, null));
            long deadline = System.currentTimeMillis() + 20_000;
            while (response.status() == 422 && System.currentTimeMillis() < deadline) {
                // Not known yet: refused, nothing recorded; known within the event types' refresh.
                Thread.sleep(200);
                response = integration.post("/api/events", event(unique("e"), type, contactId, null));
            }
            assertThat(response.status()).as(response.body()).isEqualTo(202);
            assertThat(response.json().path("startedInstances")).hasSize(1);
            String started = response.json().path("startedInstances").get(0).asText();
            assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(started).singleResult()
                    .getProcessDefinitionKey()).isEqualTo(key);
        } finally {
            repositoryService.deleteDeployment(deployment.getId(), true);
        }
    }

    @Test
    void anEventAScenarioCannotTakeIs422AndNothingIsRecorded() {
        String contactId = createContact();
        String eventId = unique("e");
        // Of the types the catalogue declares, but out of the range stay-preparation's expression accepts.
        ApiClient.Response refused = integration.post("/api/events", event(eventId, "BookingConfirmed", contactId,
                "{\"bookingId\": \"B-1\", \"departureDate\": \"2027-06-01\", \"prepareDaysBefore\": 400}"));
        assertProblem(refused, 422);
        assertThat(refused.json().path("detail").asText()).contains("BookingConfirmed");
        assertThat(instancesOf(contactId)).isZero();
        // Nothing half-done: the corrected event is new, not a replay.
        assertThat(integration.post("/api/events", event(eventId, "BookingConfirmed", contactId,
                "{\"bookingId\": \"B-1\", \"departureDate\": \"2027-06-01\"}")).status()).isEqualTo(202);
    }

    // ---------------------------------------------------------------- the event catalogue (bpmn/event-types.yaml)

    @Test
    void dataIsCheckedAgainstTheCatalogueBeforeAnythingStarts() {
        String contactId = createContact();
        String eventId = unique("e");
        ApiClient.Response badDate = integration.post("/api/events", event(eventId, "BookingConfirmed", contactId,
                "{\"bookingId\": \"B-1\", \"departureDate\": \"2027-02-30\"}"));
        assertProblem(badDate, 400);
        assertThat(badDate.json().path("errors")).singleElement().satisfies(error -> {
            assertThat(error.path("field").asText()).isEqualTo("data.departureDate");
            assertThat(error.path("message").asText()).isEqualTo("must be a date (YYYY-MM-DD)");
        });

        ApiClient.Response several = integration.post("/api/events", event(unique("e"), "EventPublished",
                contactId, "{\"eventDate\": \"2026-12-03 19:30\", \"eventUrl\": 3}"));
        assertProblem(several, 400);
        assertThat(errorFields(several)).containsExactlyInAnyOrder("data.eventName", "data.eventDate",
                "data.eventUrl");
        assertThat(instancesOf(contactId)).isZero();

        // Corrected, with a field the catalogue does not declare (kept: shops send more than scenarios use).
        ApiClient.Response accepted = integration.post("/api/events", event(eventId, "BookingConfirmed", contactId,
                "{\"bookingId\": \"B-1\", \"departureDate\": \"2027-06-01\", \"seat\": \"12A\"}"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(historyService.createHistoricVariableInstanceQuery().variableName("seat")
                .processInstanceIdIn(ids(accepted.json().path("startedInstances"))).list())
                .isNotEmpty().allSatisfy(variable -> assertThat(variable.getValue()).isEqualTo("12A"));
    }

    private static String[] ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids.toArray(String[]::new);
    }

    @Test
    void eventTypesAreListedWithTheirFieldsForIntegrators() {
        ApiClient.Response list = integration.get("/api/event-types");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        list.json().forEach(type -> types.add(type.path("type").asText()));
        assertThat(types).contains(EventType.CART_ABANDONED, EventType.BOOKING_CONFIRMED, EventType.EMAIL_OPENED);

        ApiClient.Response booking = admin.get("/api/event-types/" + EventType.BOOKING_CONFIRMED);
        assertThat(booking.status()).as(booking.body()).isEqualTo(200);
        assertThat(booking.json().path("sentBy").asText()).isEqualTo("integration");
        JsonNode departure = null;
        for (JsonNode field : booking.json().path("fields")) {
            if (field.path("name").asText().equals("departureDate")) {
                departure = field;
            }
        }
        assertThat(departure).isNotNull();
        assertThat(departure.path("type").asText()).isEqualTo("date");
        assertThat(departure.path("required").asBoolean()).isTrue();
        assertThat(departure.path("example").asText()).isEqualTo("2027-06-01");
        assertThat(departure.path("description").asText()).isNotBlank();

        assertProblem(integration.get("/api/event-types/NoSuchType"), 404);
        assertThat(anonymous.get("/api/event-types").status()).isEqualTo(401);
    }

    @Test
    void malformedJsonIs400() {
        ApiClient.Response response = integration.post("/api/events", "{\"eventId\": \"e1\", \"type\": ");
        assertProblem(response, 400);
        assertProblem(integration.post("/api/events", "[1, 2]"), 400);
        assertProblem(integration.post("/api/events", ""), 400);
    }

    @Test
    void missingFieldsAreEachNamed() {
        ApiClient.Response response = integration.post("/api/events", "{\"data\": {}}");
        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactlyInAnyOrder("eventId", "type", "contactId", "occurredAt");
    }

    @Test
    void badFieldValuesAreNamed() {
        String contactId = createContact();
        ApiClient.Response badDate = integration.post("/api/events", """
                {"eventId": "%s", "type": "NewsletterSubscribed", "contactId": "%s", "occurredAt": "yesterday"}"""
                .formatted(unique("e"), contactId));
        assertProblem(badDate, 400);
        assertThat(errorFields(badDate)).containsExactly("occurredAt");

        ApiClient.Response badData = integration.post("/api/events", event(unique("e"), Welcome.MESSAGE_START,
                contactId, "{\"not ok\": 1, \"contactId\": \"other\"}"));
        assertProblem(badData, 400);
        assertThat(errorFields(badData)).containsExactlyInAnyOrder("data.not ok", "data.contactId");

        ApiClient.Response dataNotObject = integration.post("/api/events", event(unique("e"),
                Welcome.MESSAGE_START, contactId, "[1]"));
        assertProblem(dataNotObject, 400);
        assertThat(errorFields(dataNotObject)).containsExactly("data");
        assertThat(instancesOf(contactId)).isZero();
    }

    // ---------------------------------------------------------------- numbers a double cannot hold

    @Test
    void eventNumbersBeyondADoubleAreRefusedNamingTheField() {
        String contactId = createContact();
        for (String[] data : new String[][]{
                {"{\"amount\": 1e400}", "data.amount"},
                {"{\"amount\": -1e400}", "data.amount"},
                {"{\"cart\": {\"total\": 2E+999}}", "data.cart.total"},
                {"{\"lines\": [{\"sku\": \"A1\", \"price\": 9.5}, {\"sku\": \"B2\", \"price\": -1e400}]}",
                        "data.lines[1].price"}}) {
            ApiClient.Response refused = integration.post("/api/events",
                    event(unique("e"), Welcome.MESSAGE_START, contactId, data[0]));
            assertProblem(refused, 400);
            assertThat(errorFields(refused)).as(data[0]).containsExactly(data[1]);
            assertThat(refused.json().path("errors").get(0).path("message").asText()).contains("finite number");
        }
        assertThat(instancesOf(contactId)).isZero();
        // The largest double and a long decimal are numbers like any other.
        ApiClient.Response accepted = integration.post("/api/events", event(unique("e"), Welcome.MESSAGE_START,
                contactId, "{\"amount\": 1.7976931348623157E308, \"ratio\": 0.1234567890123456789}"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    }

    @Test
    void contactAttributesAndBroadcastVariablesBeyondADoubleAreRefused() {
        String id = unique("c");
        ApiClient.Response contact = integration.put("/api/contacts/" + id,
                "{\"email\": \"marie@example.com\", \"attributes\": {\"lifetimeValue\": 1e400}}");
        assertProblem(contact, 400);
        assertThat(errorFields(contact)).containsExactly("attributes.lifetimeValue");
        assertProblem(integration.get("/api/contacts/" + id), 404);

        ApiClient.Response broadcast = admin.post("/api/broadcasts", """
                {"name": "Spring sale", "messageType": "promotion", "variables": {"offerPercent": -1e400}}""");
        assertProblem(broadcast, 400);
        assertThat(errorFields(broadcast)).containsExactly("variables.offerPercent");
        ApiClient.Response segment = admin.post("/api/broadcasts", """
                {"name": "Spring sale", "messageType": "promotion", "segment": {"score": 1e400}}""");
        assertProblem(segment, 400);
        assertThat(errorFields(segment)).containsExactly("segment.score");
    }

    @Test
    void payloadOverTheLimitIs400() {
        String contactId = createContact();
        String big = "x".repeat(70_000);
        String body = event(unique("e"), Welcome.MESSAGE_START, contactId, "{\"blob\": \"" + big + "\"}");
        ApiClient.Response declared = integration.post("/api/events", body);
        assertProblem(declared, 400);
        assertThat(declared.json().path("detail").asText()).contains("65536");
        ApiClient.Response streamed = integration.postChunked("/api/events",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertProblem(streamed, 400);
        assertThat(streamed.json().path("detail").asText()).contains("65536");
        assertThat(instancesOf(contactId)).isZero();
    }

    interface Call {
        ApiClient.Response call(int index) throws Exception;
    }

    static List<ApiClient.Response> concurrently(int threads, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call(index);
                }));
            }
            ready.await();
            go.countDown();
            List<ApiClient.Response> responses = new ArrayList<>();
            for (Future<ApiClient.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
