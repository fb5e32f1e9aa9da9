package io.relance.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.relance.scenario.EventType;
import io.relance.scenario.Transactional;
import io.relance.support.ApiClient;
import io.relance.support.SmtpTest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees, on a running application (H2, a real SMTP server, the send job run by the test): the
 * Prometheus endpoint and its counters after a scenario run, who may read it, the OpenAPI document covering every
 * {@code /api} endpoint with problem+json errors, the health probes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-ops;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        // Gauges read the database on every scrape here (the test checks figures right after acting).
        "relance.metrics.refresh=PT0S"})
@ActiveProfiles("apitest")
@DirtiesContext
class OperationsOnH2Test extends SmtpTest {

    static final String ADMIN_PASSWORD = "admin-secret-for-tests";

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    IdentityService identityService;
    @Autowired
    HealthEndpointGroups healthGroups;
    @Autowired
    BuildProperties build;
    @Autowired
    GitProperties git;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    ApiClient api;
    ApiClient admin;

    @BeforeEach
    void setUp() {
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        admin = ApiClient.as(port, "admin", ADMIN_PASSWORD);
    }

    private String contact() {
        String id = "ops-" + UUID.randomUUID();
        ApiClient.Response response = api.put("/api/contacts/" + id, """
                {"email": "%s@example.com", "firstName": "Zoé", "locale": "fr-FR",
                 "consents": {"email": {"granted": true}}}""".formatted(id));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    private ApiClient.Response event(String eventId, String type, String contactId) {
        return api.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s",
                 "occurredAt": "2026-11-23T09:00:00Z", "data": {"orderId": "A-1", "amount": 12.5}}"""
                .formatted(eventId, type, contactId));
    }

    private Prometheus scrape() {
        ApiClient.Response response = admin.get("/actuator/prometheus");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        return new Prometheus(response.body());
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    @Test
    void prometheusCountsTheIntakeAndTheSendsOfAScenarioRun() throws Exception {
        Prometheus before = scrape();
        Map<String, String> accepted = Map.of("type", EventType.ORDER_PLACED, "outcome", "accepted");
        Map<String, String> sentEmail = Map.of("channel", "email", "category", "transactional", "status", "sent");
        double acceptedBefore = orZero(before.value("relance_events_received_total", accepted));
        double sentBefore = orZero(before.value("relance_messages_total", sentEmail));

        String contactId = contact();
        String eventId = "ops-e-" + UUID.randomUUID();
        assertThat(event(eventId, EventType.ORDER_PLACED, contactId).status()).isEqualTo(202);
        assertThat(event(eventId, EventType.ORDER_PLACED, contactId).status()).as("replayed").isEqualTo(200);
        assertThat(event("ops-e-" + UUID.randomUUID(), EventType.ORDER_PLACED, "nobody-" + UUID.randomUUID())
                .status()).isEqualTo(404);
        assertThat(event("ops-e-" + UUID.randomUUID(), "MadeUpType" + UUID.randomUUID().toString()
                .substring(0, 8), contactId).status()).isEqualTo(422);

        Prometheus waiting = scrape();
        assertThat(waiting.value("relance_jobs", Map.of("state", "due"))).as("the send job waits").isGreaterThanOrEqualTo(1);

        String instanceId = runtimeService.createProcessInstanceQuery().processDefinitionKey(Transactional.PROCESS_KEY)
                .processInstanceBusinessKey(contactId).singleResult().getId();
        Job job = managementService.createJobQuery().processInstanceId(instanceId).messages().singleResult();
        managementService.executeJob(job.getId());
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        Prometheus after = scrape();
        assertThat(after.value("relance_events_received_total", accepted)).isEqualTo(acceptedBefore + 1);
        assertThat(after.value("relance_events_received_total",
                Map.of("type", EventType.ORDER_PLACED, "outcome", "replayed"))).isGreaterThanOrEqualTo(1.0);
        assertThat(after.value("relance_events_received_total",
                Map.of("type", EventType.ORDER_PLACED, "outcome", "unknown_contact"))).isGreaterThanOrEqualTo(1.0);
        assertThat(after.value("relance_events_received_total", Map.of("type", "other", "outcome", "unknown_type")))
                .as("a made-up type is not a label value").isGreaterThanOrEqualTo(1.0);
        assertThat(after.lines()).noneMatch(l -> l.contains("MadeUpType"));
        assertThat(after.lines()).as("no contact id in any label").noneMatch(l -> l.contains(contactId));

        assertThat(after.value("relance_messages_total", sentEmail)).isEqualTo(sentBefore + 1);
        assertThat(after.value("relance_provider_latency_seconds_count",
                Map.of("channel", "email", "outcome", "accepted"))).isGreaterThanOrEqualTo(1.0);
        assertThat(after.matching("relance_provider_latency_seconds_bucket", Map.of("channel", "email")))
                .as("a histogram, for percentiles in Grafana").isNotEmpty();
        assertThat(after.value("relance_messages_pending", Map.of("channel", "email"))).isNotNull();
        assertThat(after.value("relance_broadcast_remaining", Map.of("status", "pending"))).isNotNull();
        assertThat(after.value("relance_external_tasks", Map.of("state", "available"))).isNotNull();
        assertThat(after.value("relance_incidents", Map.of("type", "failedJob"))).isNotNull();
        assertThat(after.value("relance_jobs", Map.of("state", "failed"))).isNotNull();
        // Spring Boot's own: the connection pool and the HTTP server, with the application tag.
        assertThat(after.value("hikaricp_connections_active", Map.of("application", "relance"))).isNotNull();
    }

    /** Refused without an account (401, problem+json) and to the integration account (403). */
    private void closedToAnonymousAndIntegration(String path) {
        ApiClient.Response anonymous = ApiClient.anonymous(port).get(path);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(api.get(path).status()).as("integration").isEqualTo(403);
    }

    /** A new account of group monitoring (as an operator makes for Prometheus in Camunda Admin). */
    private ApiClient monitoringAccount(String prefix) {
        String user = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        User account = identityService.newUser(user);
        account.setPassword("scrape-secret");
        identityService.saveUser(account);
        identityService.createMembership(user, io.relance.security.Groups.MONITORING);
        return ApiClient.as(port, user, "scrape-secret");
    }

    @Test
    void prometheusIsForMonitoringAndAdministratorsOnly() {
        closedToAnonymousAndIntegration("/actuator/prometheus");

        ApiClient monitoring = monitoringAccount("prometheus");
        assertThat(monitoring.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(monitoring.get("/api/contacts/x").status()).as("nothing else").isEqualTo(403);
        assertThat(monitoring.get("/v3/api-docs").status()).as("nor the API document").isEqualTo(403);
        assertThat(admin.get("/actuator/env").status()).as("other actuator endpoints stay closed")
                .isIn(401, 403, 404);
    }

    @Test
    void infoSaysWhichBuildRunsToMonitoringAndAdministratorsOnly() {
        closedToAnonymousAndIntegration("/actuator/info");

        ApiClient.Response info = monitoringAccount("monitor").get("/actuator/info");
        assertThat(info.status()).isEqualTo(200);
        // What the build wrote into the classes (spring-boot-maven-plugin's build-info, git-commit-id's
        // git.properties), as Spring Boot reads them: the version and the commit this node runs.
        assertThat(info.json().at("/build/version").asText()).isEqualTo(build.getVersion());
        assertThat(info.json().at("/git/commit/id").asText()).isEqualTo(git.getShortCommitId());
        assertThat(info.body()).as("no author's or builder's address").doesNotContain("@");
        assertThat(admin.get("/actuator/info").status()).isEqualTo(200);
        // The same facts as a metric, for a dashboard of the nodes.
        Prometheus scrape = new Prometheus(admin.get("/actuator/prometheus").body());
        assertThat(scrape.value("relance_build_info", Map.of("version", build.getVersion(),
                "commit", git.getShortCommitId(), "application", "relance"))).isEqualTo(1.0);
    }

    @Test
    void theOpenApiDocumentHasEveryApiEndpointWithProblemJsonErrors() {
        assertThat(ApiClient.anonymous(port).get("/v3/api-docs").status()).isEqualTo(401);
        assertThat(api.get("/v3/api-docs").status()).as("integration").isEqualTo(403);
        ApiClient.Response response = admin.get("/v3/api-docs");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode doc = response.json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        JsonNode paths = doc.path("paths");

        List<String> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : handlerMapping.getHandlerMethods().entrySet()) {
            Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
            for (String pattern : entry.getKey().getPatternValues()) {
                if (!pattern.startsWith("/api/") && !pattern.equals("/api")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? EnumSet.of(RequestMethod.GET) : methods) {
                    endpoints.add(method + " " + pattern);
                    JsonNode operation = paths.path(pattern).path(method.name().toLowerCase(Locale.ROOT));
                    assertThat(operation.isObject()).as(method + " " + pattern + " (" + entry.getValue()
                            + ") is in the OpenAPI document").isTrue();
                    JsonNode badRequest = operation.path("responses").path("400").path("content");
                    assertThat(badRequest.has("application/problem+json")).as(method + " " + pattern).isTrue();
                    assertThat(badRequest.path("application/problem+json").path("schema").path("$ref").asText())
                            .isEqualTo("#/components/schemas/Problem");
                    assertThat(operation.path("responses").has("401")).isTrue();
                }
            }
        }
        assertThat(endpoints).as("the controllers' endpoints were found").contains("POST /api/events",
                "PUT /api/contacts/{contactId}", "GET /api/contacts/{contactId}/timeline", "POST /api/broadcasts");
        assertThat(doc.path("components").path("schemas").path("Problem").path("properties").has("errors"))
                .as(doc.path("components").toString()).isTrue();
        assertThat(doc.path("components").path("securitySchemes").path("basicAuth").path("scheme").asText())
                .isEqualTo("basic");
        ApiClient.Response ui = admin.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    @Test
    void probesArePublicAndReadinessWatchesTheScenariosAndTheDatabase() {
        ApiClient anonymous = ApiClient.anonymous(port);
        ApiClient.Response readiness = anonymous.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
        ApiClient.Response liveness = anonymous.get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().path("status").asText()).isEqualTo("UP");

        assertThat(healthGroups.get("readiness").isMember("db")).isTrue();
        assertThat(healthGroups.get("readiness").isMember("scenarios")).isTrue();
        assertThat(healthGroups.get("readiness").isMember("readinessState")).isTrue();
        assertThat(healthGroups.get("liveness").isMember("db")).as("a database outage restarts no node").isFalse();
    }
}
