package io.relance.callback;

import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.formService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The lead call-back scenario on the real engine, without Spring: the listener beans are real instances (fixed clock,
 * a stubbed contact lookup) bound with {@link Mocks}.
 */
@Deployment(resources = {"bpmn/lead-callback.bpmn", "bpmn/callback.form"})
class LeadCallbackProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder()
            .configurationResource("camunda-test-mocks.cfg.xml").build();

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final String MARIE = "marie-42";

    private final ContactService contacts = mock(ContactService.class);

    @BeforeEach
    void bindBeans() {
        // Other test classes may have Spring-managed engines alive in the same JVM.
        BpmnAwareTests.init(engine.getProcessEngine());
        CallbackProperties properties = new CallbackProperties(Duration.ofDays(1), Duration.ofHours(4), "Call-backs");
        Mocks.register("callbackSchedule", new CallbackSchedule(Clock.fixed(NOW, ZoneOffset.UTC), properties));
        Mocks.register("callbackTask", new CallbackTaskListener(contacts));
        when(contacts.find(MARIE)).thenReturn(Optional.of(new ContactView(MARIE, "marie@example.com",
                "+33612345678", "Marie", "Martin", null, "fr-FR", "Europe/Paris", Map.of(), Map.of(), NOW, NOW)));
        when(contacts.find("nobody")).thenReturn(Optional.empty());
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        BpmnAwareTests.reset();
    }

    private static ProcessInstance downloaded(String contactId, VariableMap data) {
        return runtimeService().createMessageCorrelation(LeadCallback.MESSAGE_START)
                .processInstanceBusinessKey(contactId)
                .setVariables(data.putValue(ScenarioVariables.CONTACT_ID.name(), contactId))
                .correlateStartMessage();
    }

    private static ProcessInstance downloaded(String contactId) {
        return downloaded(contactId, Variables.createVariables().putValue(LeadCallback.WHITE_PAPER_TITLE.name(),
                "Email deliverability in 2026"));
    }

    @Test
    void createsACallBackTaskForSalesDueTomorrowWithAFollowUpInFourHours() {
        ProcessInstance instance = downloaded(MARIE);

        assertThat(instance).isWaitingAt(LeadCallback.TASK_CALL_BACK);
        Task task = task(instance);
        assertThat(task).hasName("Call back the lead").hasCandidateGroup("sales").isNotAssigned()
                .hasDueDate(Date.from(NOW.plus(Duration.ofDays(1))));
        assertThat(task.getFollowUpDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(4))));
        Task withForm = taskService().createTaskQuery().taskId(task.getId()).initializeFormKeys().singleResult();
        assertThat(withForm.getCamundaFormRef().getKey()).isEqualTo(LeadCallback.FORM_ID);
        assertThat(withForm.getCamundaFormRef().getBinding()).isEqualTo("latest");
        assertThat(instance).variables()
                .containsEntry(LeadCallback.CALLBACK_DUE_DATE.name(), Date.from(NOW.plus(Duration.ofDays(1))))
                .containsEntry(LeadCallback.CALLBACK_FOLLOW_UP_DATE.name(), Date.from(NOW.plus(Duration.ofHours(4))));
    }

    @Test
    void theTaskShowsWhoToCallAndWhy() {
        Task task = task(downloaded(MARIE));

        assertThat(taskService().getVariablesLocal(task.getId())).containsOnly(
                Map.entry(LeadCallback.CONTACT_NAME.name(), "Marie Martin"),
                Map.entry(LeadCallback.CONTACT_PHONE.name(), "+33612345678"),
                Map.entry(LeadCallback.CALL_REASON.name(),
                        "Lead call-back — WhitePaperDownloaded (white paper: Email deliverability in 2026)"));
        // Task-local: not copied to the process instance.
        assertThat(runtimeService().getVariables(task.getProcessInstanceId()))
                .doesNotContainKeys(LeadCallback.CONTACT_NAME.name(), LeadCallback.CALL_REASON.name());
    }

    @Test
    void withoutWhitePaperTitleTheReasonNamesScenarioAndTrigger() {
        Task task = task(downloaded(MARIE, Variables.createVariables()));

        assertThat(taskService().getVariableLocal(task.getId(), LeadCallback.CALL_REASON.name()))
                .isEqualTo("Lead call-back — WhitePaperDownloaded");
    }

    @Test
    void anUnknownContactStillGetsATaskShowingItsId() {
        Task task = task(downloaded("nobody"));

        assertThat(taskService().getVariablesLocal(task.getId()))
                .containsEntry(LeadCallback.CONTACT_NAME.name(), "nobody")
                .containsEntry(LeadCallback.CONTACT_PHONE.name(), "");
    }

    @ParameterizedTest(name = "callbackDue {0}, callbackFollowUp {1}")
    @CsvSource({
            "P2DT3H, PT30M, PT51H, PT30M",
            "P1W, P1D, PT168H, PT24H",
            "tomorrow, -PT1H, PT24H, PT4H", // not durations: the defaults
    })
    void theScenarioMayChooseTheDelays(String due, String followUp, Duration expectedDue, Duration expectedFollowUp) {
        Task task = task(downloaded(MARIE, Variables.createVariables()
                .putValue(LeadCallback.CALLBACK_DUE.name(), due)
                .putValue(LeadCallback.CALLBACK_FOLLOW_UP.name(), followUp)));

        assertThat(task.getDueDate()).isEqualTo(Date.from(NOW.plus(expectedDue)));
        assertThat(task.getFollowUpDate()).isEqualTo(Date.from(NOW.plus(expectedFollowUp)));
    }

    @ParameterizedTest(name = "outcome {0} ends at {1}")
    @CsvSource({
            "converted, EndEvent_Converted",
            "reached, EndEvent_Reached",
            "not_interested, EndEvent_NotInterested",
            "no_answer, EndEvent_NoAnswer",
    })
    void theOutcomeDecidesHowTheScenarioEnds(String outcome, String endEvent) {
        ProcessInstance instance = downloaded(MARIE);

        complete(task(instance), withVariables(LeadCallback.OUTCOME.name(), outcome,
                LeadCallback.NOTE.name(), "called at 10:15"));

        assertThat(instance).hasPassed(LeadCallback.GATEWAY_CALL_OUTCOME, endEvent).isEnded();
        assertThat(instance).variables().containsEntry(LeadCallback.OUTCOME.name(), outcome)
                .containsEntry(LeadCallback.NOTE.name(), "called at 10:15");
        for (String other : new String[]{LeadCallback.END_CONVERTED, LeadCallback.END_REACHED,
                LeadCallback.END_NOT_INTERESTED, LeadCallback.END_NO_ANSWER}) {
            if (!other.equals(endEvent)) {
                assertThat(instance).hasNotPassed(other);
            }
        }
    }

    @Test
    void theTaskCannotBeCompletedWithoutAKnownOutcome() {
        ProcessInstance instance = downloaded(MARIE);
        Task task = task(instance);

        assertThatThrownBy(() -> taskService().complete(task.getId()))
                .isInstanceOf(ProcessEngineException.class).hasMessageContaining("outcome")
                .hasMessageContaining("it is missing");
        assertThatThrownBy(() -> taskService().complete(task.getId(),
                Map.of(LeadCallback.OUTCOME.name(), "maybe")))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("reached, no_answer, not_interested, converted").hasMessageContaining("'maybe'");

        assertThat(instance).isWaitingAt(LeadCallback.TASK_CALL_BACK);
    }

    @Test
    void theTaskFormIsTheDeployedCamundaForm() throws IOException {
        Task task = task(downloaded(MARIE));

        try (InputStream form = formService().getDeployedTaskForm(task.getId())) {
            String json = new String(form.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"id\": \"callback\"", "\"key\": \"outcome\"", "{{contactName}}");
        }
    }
}
