package io.relance.security;

import io.relance.scenario.EventType;
import io.relance.scenario.LeadCallback;
import io.relance.scenario.Welcome;
import io.relance.support.ApiClient;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camunda's REST API over real HTTP, each call running as its user inside the engine (authorizations enabled), at
 * history level FULL so that the user operation log is written: a sales rep lists, claims and completes the tasks of
 * its candidate group only; an integration account correlates messages (start and continue) and nothing else; an
 * administrator sees everything; marketers have no engine access; the operation log names the REST caller.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-engine-rest;DB_CLOSE_DELAY=-1",
        "camunda.bpm.history-level=full",
        // The welcome email waited for is commercial: no email quiet hours, so the test does not depend on the hour.
        "relance.pressure.quiet-hours.email.from=00:00", "relance.pressure.quiet-hours.email.to=00:00"})
@ActiveProfiles("apitest")
class EngineRestAuthorizationsOnH2Test {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String OTHER_GROUP = "fieldservice";

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identityService;
    @Autowired
    TaskService taskService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;

    ApiClient admin;
    ApiClient integration;
    ApiClient rep;
    ApiClient marketer;
    String repId;
    final List<String> tasks = new ArrayList<>();

    @BeforeEach
    void accounts() {
        admin = ApiClient.as(port, "admin", "admin-secret-for-tests");
        integration = ApiClient.as(port, "integration", "integration-secret-for-tests");
        repId = user("rep", Groups.SALES);
        rep = ApiClient.as(port, repId, "secret-" + repId);
        String marketerId = user("marketer", Groups.MARKETING);
        marketer = ApiClient.as(port, marketerId, "secret-" + marketerId);
        if (identityService.createGroupQuery().groupId(OTHER_GROUP).count() == 0) {
            Group group = identityService.newGroup(OTHER_GROUP);
            group.setName("Field service");
            identityService.saveGroup(group);
        }
    }

    @AfterEach
    void cleanUp() {
        tasks.forEach(id -> taskService.deleteTask(id, true));
    }

    private String user(String prefix, String group) {
        String id = prefix + UUID.randomUUID().toString().substring(0, 8);
        User user = identityService.newUser(id);
        user.setPassword("secret-" + id);
        identityService.saveUser(user);
        identityService.createMembership(id, group);
        return id;
    }

    /** A standalone task offered to a candidate group, created by application code (no engine authentication). */
    private String taskFor(String group) {
        Task task = taskService.newTask();
        task.setName("Call back for " + group);
        taskService.saveTask(task);
        taskService.addCandidateGroup(task.getId(), group);
        tasks.add(task.getId());
        return task.getId();
    }

    private static List<String> ids(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().forEach(task -> ids.add(task.path("id").asText()));
        return ids;
    }

    static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("title").asText()).isNotBlank();
    }

    private String contact() {
        String id = "c-" + UUID.randomUUID();
        ApiClient.Response created = integration.put("/api/contacts/" + id, """
                {"email": "paul@example.com", "phone": "+33698765432", "firstName": "Paul", "lastName": "Durand",
                 "consents": {"email": {"granted": true}, "phone": {"granted": true}}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    @Test
    void aSalesRepListsOnlyItsGroupsTasksAndClaimsAndCompletesOne() {
        String ours = taskFor(Groups.SALES);
        String theirs = taskFor(OTHER_GROUP);

        List<String> seen = ids(rep.get("/engine-rest/task"));
        assertThat(seen).contains(ours).doesNotContain(theirs);
        assertThat(rep.get("/engine-rest/task/count").json().path("count").asLong()).isEqualTo(seen.size());
        assertThat(rep.get("/engine-rest/task/" + ours).status()).isEqualTo(200);
        assertThat(rep.get("/engine-rest/task/" + theirs).status()).isEqualTo(404);
        // The engine refuses work on another group's task: a problem document naming what is missing.
        ApiClient.Response refused = rep.post("/engine-rest/task/" + theirs + "/claim",
                "{\"userId\": \"" + repId + "\"}");
        assertProblem(refused, 403);
        assertThat(refused.json().path("userId").asText()).isEqualTo(repId);
        assertThat(refused.json().path("missingAuthorizations").toString()).contains(theirs);
        assertThat(taskService.createTaskQuery().taskId(theirs).singleResult().getAssignee()).isNull();

        ApiClient.Response claimed = rep.post("/engine-rest/task/" + ours + "/claim",
                "{\"userId\": \"" + repId + "\"}");
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(204);
        assertThat(rep.get("/engine-rest/task/" + ours + "/variables").status()).isEqualTo(200);
        ApiClient.Response completed = rep.post("/engine-rest/task/" + ours + "/complete",
                "{\"variables\": {\"note\": {\"value\": \"called\", \"type\": \"String\"}}}");
        assertThat(completed.status()).as(completed.body()).isEqualTo(204);
        assertThat(taskService.createTaskQuery().taskId(ours).count()).isZero();
        tasks.remove(ours);

        // Outside the task endpoints: nothing, whatever the engine would allow.
        assertProblem(rep.get("/engine-rest/process-instance"), 403);
        assertProblem(rep.get("/engine-rest/deployment"), 403);
        assertProblem(rep.post("/engine-rest/message", "{\"messageName\": \"" + Welcome.MESSAGE_START + "\"}"), 403);
    }

    @Test
    void theOperationLogNamesTheRestCaller() {
        String ours = taskFor(Groups.SALES);
        assertThat(rep.post("/engine-rest/task/" + ours + "/claim", "{\"userId\": \"" + repId + "\"}").status())
                .isEqualTo(204);
        assertThat(rep.post("/engine-rest/task/" + ours + "/complete", "{}").status()).isEqualTo(204);
        tasks.remove(ours);

        assertThat(historyService.createUserOperationLogQuery().taskId(ours).list())
                .filteredOn(entry -> List.of(UserOperationLogEntry.OPERATION_TYPE_CLAIM,
                        UserOperationLogEntry.OPERATION_TYPE_COMPLETE).contains(entry.getOperationType()))
                .extracting(UserOperationLogEntry::getOperationType, UserOperationLogEntry::getUserId)
                .contains(org.assertj.core.groups.Tuple.tuple(UserOperationLogEntry.OPERATION_TYPE_CLAIM, repId),
                        org.assertj.core.groups.Tuple.tuple(UserOperationLogEntry.OPERATION_TYPE_COMPLETE, repId));
        // The same, read over REST by an administrator.
        ApiClient.Response log = admin.get("/engine-rest/history/user-operation?taskId=" + ours);
        assertThat(log.status()).as(log.body()).isEqualTo(200);
        List<String> users = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        log.json().forEach(entry -> {
            users.add(entry.path("userId").asText());
            operations.add(entry.path("operationType").asText());
        });
        assertThat(operations).contains(UserOperationLogEntry.OPERATION_TYPE_CLAIM,
                UserOperationLogEntry.OPERATION_TYPE_COMPLETE);
        assertThat(users).containsOnly(repId);
    }

    @Test
    void anIntegrationAccountStartsAndContinuesScenariosByMessageAndNothingElse() {
        // Start: the call-back scenario, whose first steps (reserving a call-back slot: a decision) run within the
        // integration's call, as application code.
        String lead = contact();
        ApiClient.Response started = integration.post("/engine-rest/message", """
                {"messageName": "%s#%s", "businessKey": "%s", "resultEnabled": true,
                 "processVariables": {"contactId": {"value": "%s", "type": "String"},
                                      "title": {"value": "Email deliverability in 2026", "type": "String"}}}"""
                .formatted(LeadCallback.MESSAGE_START, LeadCallback.PROCESS_KEY, lead, lead));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        String leadInstance = started.json().get(0).path("processInstance").path("id").asText();
        Task callBack = taskService.createTaskQuery().processInstanceId(leadInstance)
                .taskDefinitionKey(LeadCallback.TASK_CALL_BACK).singleResult();
        assertThat(callBack).as("the call-back task, created within the integration's call").isNotNull();
        assertThat(ids(rep.get("/engine-rest/task"))).contains(callBack.getId());

        // Continue: a welcome instance waiting for its reaction ends on Unsubscribed.
        String subscriber = contact();
        String welcome = startWelcome(subscriber);
        ApiClient.Response continued = integration.post("/engine-rest/message", """
                {"messageName": "%s", "businessKey": "%s", "resultEnabled": true}"""
                .formatted(EventType.UNSUBSCRIBED, subscriber));
        assertThat(continued.status()).as(continued.body()).isEqualTo(200);
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(welcome)
                .activityId(Welcome.END_UNSUBSCRIBED).count()).isEqualTo(1);

        for (ApiClient.Response refused : List.of(
                integration.get("/engine-rest/task"),
                integration.get("/engine-rest/task/" + callBack.getId()),
                integration.post("/engine-rest/task/" + callBack.getId() + "/complete", "{}"),
                integration.get("/engine-rest/process-instance"),
                integration.get("/engine-rest/process-instance/" + leadInstance + "/variables"),
                integration.get("/engine-rest/deployment"),
                integration.get("/engine-rest/history/user-operation"))) {
            assertProblem(refused, 403);
        }
        assertThat(taskService.createTaskQuery().taskId(callBack.getId()).count()).isEqualTo(1);
    }

    @Test
    void anAdministratorSeesEverythingAndMarketersNothing() {
        String ours = taskFor(Groups.SALES);
        String theirs = taskFor(OTHER_GROUP);
        assertThat(ids(admin.get("/engine-rest/task"))).contains(ours, theirs);
        assertThat(admin.get("/engine-rest/process-instance").status()).isEqualTo(200);
        assertThat(admin.get("/engine-rest/deployment").status()).isEqualTo(200);
        assertThat(admin.get("/engine-rest/authorization?groupId=" + Groups.INTEGRATION).json())
                .extracting(node -> node.path("resourceType").asInt()).isNotEmpty();

        for (ApiClient.Response refused : List.of(marketer.get("/engine-rest/task"),
                marketer.get("/engine-rest/process-definition"),
                marketer.post("/engine-rest/message", "{\"messageName\": \"" + Welcome.MESSAGE_START + "\"}"))) {
            assertProblem(refused, 403);
        }
    }

    @Test
    void unknownEngineRestResourcesAndMethodsAreProblems() {
        ApiClient.Response unknown = admin.get("/engine-rest/no-such-resource");
        assertProblem(unknown, 404);
        ApiClient.Response method = admin.put("/engine-rest/task/count", "{}");
        assertProblem(method, 405);
    }

    /**
     * Starts the welcome scenario through the domain API and waits until it waits for a reaction: its email is an
     * external task without a job, which the arbitration worker running in the background completes.
     */
    private String startWelcome(String contactId) {
        ApiClient.Response event = integration.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "2026-11-23T09:30:00+01:00"}"""
                .formatted(UUID.randomUUID(), Welcome.MESSAGE_START, contactId));
        assertThat(event.status()).as(event.body()).isEqualTo(202);
        String instanceId = event.json().path("startedInstances").get(0).asText();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!runtimeService.getActiveActivityIds(instanceId).contains(Welcome.GATEWAY_REACTION_OR_DELAY)) {
            assertThat(System.currentTimeMillis()).as("welcome instance waiting").isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return instanceId;
    }

}
