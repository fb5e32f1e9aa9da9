package io.relance.callback;

import io.relance.scenario.LeadCallback;
import io.relance.support.ApiClient;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Call-back tasks in the running application (H2 in memory, authorizations enabled): an event over HTTP creates the
 * task; a sales rep sees it in the "Call-backs" filter, reads its form, claims and completes it; a user of another
 * group sees neither the task nor the filter, and the rep does not see tasks of other groups.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:relance-callback;DB_CLOSE_DELAY=-1")
@ActiveProfiles("apitest")
class CallbackTasksOnH2Test {

    static final String INTEGRATION_PASSWORD = "integration-secret-for-tests";
    static final String MARKETING = "marketing";

    @LocalServerPort
    int port;
    @Autowired
    TaskService taskService;
    @Autowired
    FilterService filterService;
    @Autowired
    FormService formService;
    @Autowired
    HistoryService historyService;
    @Autowired
    IdentityService identityService;
    @Autowired
    AuthorizationService authorizationService;
    @Autowired
    RepositoryService repositoryService;

    ApiClient integration;
    String rep;
    String marketer;

    @BeforeEach
    void accounts() {
        integration = ApiClient.as(port, "integration", INTEGRATION_PASSWORD);
        rep = user("rep", "sales");
        if (identityService.createGroupQuery().groupId(MARKETING).count() == 0) {
            Group group = identityService.newGroup(MARKETING);
            group.setName("Marketing");
            identityService.saveGroup(group);
        }
        marketer = user("marketer", MARKETING);
    }

    @AfterEach
    void signOut() {
        identityService.clearAuthentication();
    }

    private String user(String prefix, String group) {
        // Camunda user ids: letters and digits only.
        String id = prefix + UUID.randomUUID().toString().substring(0, 8);
        User user = identityService.newUser(id);
        user.setPassword("secret-" + id);
        identityService.saveUser(user);
        identityService.createMembership(id, group);
        return id;
    }

    /** Runs the call as that user, with the engine's authorization checks (as Tasklist and the REST API do). */
    private <T> T as(String userId, Supplier<T> call) {
        List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream()
                .map(Group::getId).toList();
        identityService.setAuthentication(userId, groups);
        try {
            return call.get();
        } finally {
            identityService.clearAuthentication();
        }
    }

    private void as(String userId, Runnable call) {
        as(userId, () -> {
            call.run();
            return null;
        });
    }

    /** A contact and its white-paper download, through the public API; returns the started instance's id. */
    private String whitePaperDownloaded() {
        String contactId = "lead-" + UUID.randomUUID();
        ApiClient.Response contact = integration.put("/api/contacts/" + contactId, """
                {"email": "paul@example.com", "phone": "+33698765432", "firstName": "Paul", "lastName": "Durand",
                 "consents": {"phone": {"granted": true}}}""");
        assertThat(contact.status()).as(contact.body()).isEqualTo(201);
        ApiClient.Response event = integration.post("/api/events", """
                {"eventId": "%s", "type": "WhitePaperDownloaded", "contactId": "%s",
                 "occurredAt": "2026-11-23T09:30:00+01:00", "data": {"title": "Email deliverability in 2026"}}"""
                .formatted(UUID.randomUUID(), contactId));
        assertThat(event.status()).as(event.body()).isEqualTo(202);
        assertThat(event.json().path("startedInstances")).hasSize(1);
        return event.json().path("startedInstances").get(0).asText();
    }

    @Test
    void aLeadWithoutPhoneConsentGetsNoTaskAndTheSuppressedCallIsOnItsTimelineAndInTheFigures() {
        String contactId = "lead-" + UUID.randomUUID();
        ApiClient.Response contact = integration.put("/api/contacts/" + contactId, """
                {"email": "lina@example.com", "phone": "+33698765400", "firstName": "Lina",
                 "consents": {"email": {"granted": true}, "phone": {"granted": false}}}""");
        assertThat(contact.status()).as(contact.body()).isEqualTo(201);
        ApiClient.Response event = integration.post("/api/events", """
                {"eventId": "%s", "type": "FormSubmitted", "contactId": "%s",
                 "occurredAt": "2026-11-23T09:30:00+01:00", "data": {"formName": "contact-sales"}}"""
                .formatted(UUID.randomUUID(), contactId));
        assertThat(event.status()).as(event.body()).isEqualTo(202);
        String instanceId = event.json().path("startedInstances").get(0).asText();

        assertThat(taskService.createTaskQuery().processInstanceId(instanceId).count()).isZero();
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instanceId).singleResult()
                .getEndActivityId()).isEqualTo(LeadCallback.END_NO_PHONE_CONSENT);
        com.fasterxml.jackson.databind.JsonNode entries = integration.get("/api/contacts/" + contactId + "/timeline")
                .json().path("entries");
        List<com.fasterxml.jackson.databind.JsonNode> suppressed = new java.util.ArrayList<>();
        entries.forEach(entry -> {
            if ("suppressed".equals(entry.path("status").asText())) {
                suppressed.add(entry);
            }
        });
        assertThat(suppressed).singleElement().satisfies(entry -> {
            assertThat(entry.path("channel").asText()).isEqualTo("callback");
            assertThat(entry.path("type").asText()).isEqualTo(LeadCallback.MESSAGE_TYPE_LEAD_CALLBACK);
            assertThat(entry.path("reason").asText()).startsWith("phone consent withdrawn on");
        });
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).toString();
        com.fasterxml.jackson.databind.JsonNode figures = integration.get("/api/scenarios/" + LeadCallback.PROCESS_KEY
                + "/performance?from=" + today + "&to=" + today).json();
        assertThat(figures.path("exits").path("no_consent").asInt()).as(figures.toString()).isPositive();
        List<com.fasterxml.jackson.databind.JsonNode> calls = new java.util.ArrayList<>();
        figures.path("messages").forEach(message -> {
            if ("callback".equals(message.path("channel").asText())) {
                calls.add(message);
            }
        });
        assertThat(calls).singleElement().satisfies(message ->
                assertThat(message.path("suppressedBy").path("consent").asInt()).isPositive());
    }

    private Task callBackTask(String processInstanceId) {
        return taskService.createTaskQuery().processInstanceId(processInstanceId)
                .taskDefinitionKey(LeadCallback.TASK_CALL_BACK).singleResult();
    }

    private String callBacksFilterId() {
        return filterService.createTaskFilterQuery().filterName("Call-backs").singleResult().getId();
    }

    @Test
    void anEventCreatesACallBackTaskShowingWhoToCallAndWhy() {
        Instant before = Instant.now();
        Task task = callBackTask(whitePaperDownloaded());

        assertThat(task).isNotNull();
        assertThat(taskService.getVariablesLocal(task.getId())).containsOnly(
                Map.entry(LeadCallback.CONTACT_NAME.name(), "Paul Durand"),
                Map.entry(LeadCallback.CONTACT_PHONE.name(), "+33698765432"),
                Map.entry(LeadCallback.CALL_REASON.name(),
                        "Lead call-back — WhitePaperDownloaded (white paper: Email deliverability in 2026)"));
        assertThat(task.getDueDate().toInstant()).isCloseTo(before.plus(Duration.ofDays(1)), within(Duration.ofMinutes(1)));
        assertThat(task.getFollowUpDate().toInstant())
                .isCloseTo(before.plus(Duration.ofHours(4)), within(Duration.ofMinutes(1)));
        assertThat(taskService.getIdentityLinksForTask(task.getId()))
                .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("sales"));
        // What lets reps work it: the engine's own grant to the candidate group, on this task only.
        Authorization grant = authorizationService.createAuthorizationQuery().groupIdIn("sales")
                .resourceType(Resources.TASK).resourceId(task.getId()).singleResult();
        assertThat(grant.isPermissionGranted(Permissions.READ)).isTrue();
        assertThat(grant.isPermissionGranted(Permissions.UPDATE)).isTrue();
        assertThat(authorizationService.createAuthorizationQuery().groupIdIn("sales").resourceType(Resources.TASK)
                .resourceId(Authorization.ANY).count()).isZero();
    }

    @Test
    void aSalesRepSeesTheTaskInTheCallBacksFilterReadsItsFormClaimsAndCompletesIt() throws IOException {
        String instance = whitePaperDownloaded();
        String taskId = callBackTask(instance).getId();
        String filterId = callBacksFilterId();

        assertThat(as(rep, () -> taskService.createTaskQuery().processInstanceId(instance).count())).isEqualTo(1);
        assertThat(as(rep, () -> filterService.createTaskFilterQuery().filterName("Call-backs").count()))
                .isEqualTo(1);
        assertThat(as(rep, () -> filterService.<Task>list(filterId))).extracting(Task::getId).contains(taskId);
        // The scenario's definition (its name and diagram in Tasklist), and no other.
        assertThat(as(rep, () -> repositoryService.createProcessDefinitionQuery().list()))
                .extracting(ProcessDefinition::getKey).containsOnly(LeadCallback.PROCESS_KEY);
        assertThat(as(rep, () -> formService.getTaskFormVariables(taskId)).getValue(
                LeadCallback.CONTACT_NAME.name(), String.class)).isEqualTo("Paul Durand");
        try (InputStream form = as(rep, () -> formService.getDeployedTaskForm(taskId))) {
            assertThat(new String(form.readAllBytes(), StandardCharsets.UTF_8)).contains("\"id\": \"callback\"");
        }

        as(rep, () -> taskService.claim(taskId, rep));
        // Claimed tasks stay in the filter (includeAssignedTasks).
        assertThat(as(rep, () -> filterService.<Task>list(filterId))).extracting(Task::getId).contains(taskId);
        as(rep, () -> formService.submitTaskForm(taskId, Map.of(LeadCallback.OUTCOME.name(),
                CallOutcome.CONVERTED.value(), LeadCallback.NOTE.name(), "Demo booked")));

        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult()
                .getEndActivityId()).isEqualTo(LeadCallback.END_CONVERTED);
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instance)
                .activityId(LeadCallback.TASK_CALL_BACK).singleResult())
                .extracting(HistoricActivityInstance::getAssignee).isEqualTo(rep);
    }

    @Test
    void aUserOfAnotherGroupSeesNeitherTheTaskNorTheFilterAndCannotClaimIt() {
        String instance = whitePaperDownloaded();
        String taskId = callBackTask(instance).getId();
        String filterId = callBacksFilterId();

        assertThat(as(marketer, () -> taskService.createTaskQuery().processInstanceId(instance).count())).isZero();
        assertThat(as(marketer, () -> repositoryService.createProcessDefinitionQuery().count())).isZero();
        assertThat(as(marketer, () -> filterService.createTaskFilterQuery().filterName("Call-backs").count()))
                .isZero();
        assertThatThrownBy(() -> as(marketer, () -> filterService.list(filterId)))
                .isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> as(marketer, () -> taskService.claim(taskId, marketer)))
                .isInstanceOf(AuthorizationException.class);
        assertThat(callBackTask(instance).getAssignee()).isNull();
    }

    @Test
    void aSalesRepDoesNotSeeTasksOfOtherGroups() {
        Task other = taskService.newTask();
        other.setName("Prepare the newsletter");
        taskService.saveTask(other);
        taskService.addCandidateGroup(other.getId(), MARKETING);
        try {
            assertThat(as(rep, () -> taskService.createTaskQuery().taskId(other.getId()).count())).isZero();
            assertThat(as(rep, () -> filterService.<Task>list(callBacksFilterId()))).extracting(Task::getId)
                    .doesNotContain(other.getId());
            assertThatThrownBy(() -> as(rep, () -> taskService.claim(other.getId(), rep)))
                    .isInstanceOf(AuthorizationException.class);
            assertThat(as(marketer, () -> taskService.createTaskQuery().taskId(other.getId()).count())).isEqualTo(1);
        } finally {
            taskService.deleteTask(other.getId(), true);
        }
    }
}
