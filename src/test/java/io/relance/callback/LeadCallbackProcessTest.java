package io.relance.callback;

import io.relance.channel.SendStatus;
import io.relance.contact.Consent;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.scenario.LeadCallback;
import io.relance.scenario.ScenarioVariables;
import io.relance.support.DeployedScenario;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTask;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.formService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The lead call-back scenario on the real engine, without Spring: the listener beans and the call-back capacity's
 * delegate are real instances (fixed clock, a stubbed contact lookup, a stubbed capacity answering from
 * {@link #slots}) bound with {@link Mocks}; the email channel is a stub recording what the scenario asks for (tested
 * end to end in {@link LeadCallbackEmailTest}; the capacity on a real database in {@link CallbackCapacityOnH2Test}).
 * Flow-node coverage of the class must reach 90%.
 */
class LeadCallbackProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/lead-callback.bpmn", "bpmn/callback.form");

    /** A Monday, 10:00 in Paris. */
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final String MARIE = "marie-42";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** When a lead without a call-back slot asks again: Tuesday 00:00 in Paris. */
    private static final Instant RETRY_AT = Instant.parse("2026-11-23T23:00:00Z");

    private final ContactService contacts = mock(ContactService.class);
    private final CallbackCapacityService capacity = mock(CallbackCapacityService.class);
    private final CallbackConsent consent = mock(CallbackConsent.class);
    /** Whether the contact may be called, for the next reservations; yes once they are used up. */
    private final Deque<Boolean> phoneConsents = new ArrayDeque<>();
    /** What the capacity answers to the next reservations; granted once they are used up. */
    private final Deque<CallbackSlot> slots = new ArrayDeque<>();
    /** Message type of each reservation the scenario asked for. */
    private final List<String> reserved = new ArrayList<>();
    /** messageType/category/contact of each email the scenario sends. */
    private List<String> sent() {
        return scenario.sends().asked().stream().map(send -> send.typeAndCategory() + "/" + send.businessKey())
                .toList();
    }

    @BeforeEach
    void bindBeans() {
        scheduleAt(NOW);
        Mocks.register("callbackTask", new CallbackTaskListener(contacts));
        Mocks.register("callbackTrigger", new CallbackTrigger());
        Mocks.register("callbackCapacity", new CallbackCapacityDelegate(capacity, consent));
        when(consent.allows(any())).thenAnswer(call -> phoneConsents.isEmpty() || phoneConsents.poll());
        when(capacity.reserve(anyString(), any())).thenAnswer(call -> {
            reserved.add(call.getArgument(0));
            CallbackSlot slot = slots.isEmpty() ? CallbackSlot.GRANTED : slots.poll();
            return new CallbackCapacityService.Reservation(slot, LocalDate.of(2026, 11, 23), 95, 20, RETRY_AT);
        });
        when(contacts.find(MARIE)).thenReturn(Optional.of(new ContactView(MARIE, "marie@example.com",
                "+33612345678", "Marie", "Martin", null, "fr-FR", "Europe/Paris",
                Map.of("phone", new Consent(true, NOW, "api")), Map.of(), NOW, NOW)));
        when(contacts.find("nobody")).thenReturn(Optional.empty());
    }

    /** The call-back schedule as it runs at that instant. */
    private static void scheduleAt(Instant now) {
        CallbackProperties properties = new CallbackProperties(Duration.ofDays(1), Duration.ofHours(4), "Call-backs",
                PARIS, 20, 90, 5);
        Mocks.register("callbackSchedule", new CallbackSchedule(Clock.fixed(now, ZoneOffset.UTC), properties));
    }

    private ProcessInstance started(String message, String contactId, VariableMap data) {
        return scenario.start(message, contactId, data.putValue(ScenarioVariables.CONTACT_ID.name(), contactId));
    }

    private ProcessInstance downloaded(String contactId, VariableMap data) {
        return started(LeadCallback.MESSAGE_START, contactId, data);
    }

    /** Completes the instance's open call-back task with that outcome. */
    private static void answer(ProcessInstance instance, CallOutcome outcome) {
        complete(task(instance), withVariables(LeadCallback.OUTCOME.name(), outcome.value()));
    }

    /** First call unanswered, then the email (arbitrated): the instance waits at the retry call. */
    private ProcessInstance unansweredOnce(VariableMap data) {
        ProcessInstance instance = downloaded(MARIE, data);
        answer(instance, CallOutcome.NO_ANSWER);
        assertThat(instance).isWaitingAt(LeadCallback.TASK_SEND_CALLBACK_MISSED);
        scenario.sends().run(job());
        return instance;
    }

    private ProcessInstance downloaded(String contactId) {
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
    void withoutPhoneConsentNoTaskIsCreatedNoSlotTakenAndTheScenarioEnds() {
        phoneConsents.add(false);

        ProcessInstance instance = downloaded(MARIE);

        assertThat(instance).hasPassed(LeadCallback.TASK_RESERVE_SLOT, LeadCallback.GATEWAY_SLOT,
                LeadCallback.END_NO_PHONE_CONSENT).hasNotPassed(LeadCallback.TASK_CALL_BACK).isEnded();
        assertThat(taskService().createTaskQuery().processInstanceId(instance.getId()).count()).isZero();
        assertThat(reserved).as("no slot asked").isEmpty();
        assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
                .variableName(CallbackSlot.RESULT.name()).singleResult().getValue()).isEqualTo("no_consent");
        assertThat(sent()).isEmpty();
    }

    @Test
    void consentWithdrawnAfterAnUnansweredCallEndsTheScenarioWithoutTheRetry() {
        phoneConsents.add(true);
        phoneConsents.add(false);

        ProcessInstance instance = unansweredOnce(Variables.createVariables());

        assertThat(instance).hasPassed(LeadCallback.TASK_RESERVE_RETRY_SLOT, LeadCallback.GATEWAY_RETRY_SLOT,
                LeadCallback.END_NO_PHONE_CONSENT_ON_RETRY).hasNotPassed(LeadCallback.TASK_RETRY_CALL_BACK).isEnded();
        assertThat(reserved).containsExactly(LeadCallback.MESSAGE_TYPE_LEAD_CALLBACK);
        assertThat(sent()).containsExactly("callback-missed/commercial/" + MARIE);
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

    @ParameterizedTest(name = "{0} starts the call-back")
    @CsvSource({
            "WhitePaperDownloaded, StartEvent_WhitePaperDownloaded, title, Email deliverability in 2026,"
                    + " Lead call-back — WhitePaperDownloaded (white paper: Email deliverability in 2026)",
            "FormSubmitted, StartEvent_FormSubmitted, formName, contact-sales, Lead call-back — FormSubmitted",
            "AppointmentRequested, StartEvent_AppointmentRequested, preferredDate, 2026-11-25,"
                    + " Lead call-back — AppointmentRequested",
    })
    void eachLeadEventStartsTheSameCallBack(String message, String startEvent, String dataKey, String dataValue,
                                            String reason) {
        ProcessInstance instance = started(message, MARIE, Variables.createVariables().putValue(dataKey, dataValue));

        assertThat(instance).hasPassed(startEvent, LeadCallback.GATEWAY_LEAD_TO_CALL)
                .isWaitingAt(LeadCallback.TASK_CALL_BACK);
        assertThat(instance).variables().containsEntry(LeadCallback.TRIGGER.name(), message)
                .containsEntry(LeadCallback.CALL_ATTEMPTS.name(), 1);
        Task task = task(instance);
        // The task's input until it ends, then the instance's (output).
        assertThat(runtimeService().getVariableLocal(task.getExecutionId(), LeadCallback.MAX_CALL_ATTEMPTS.name()))
                .isEqualTo((long) LeadCallback.DEFAULT_MAX_CALL_ATTEMPTS); // an EL literal: a Long
        assertThat(task).hasCandidateGroup("sales").hasDueDate(Date.from(NOW.plus(Duration.ofDays(1))));
        assertThat(taskService().getVariableLocal(task.getId(), LeadCallback.CALL_REASON.name())).isEqualTo(reason);
    }

    @ParameterizedTest(name = "outcome {0} at the first call ends at {1}")
    @CsvSource({
            "converted, EndEvent_Converted",
            "reached, EndEvent_Reached",
            "not_interested, EndEvent_NotInterested",
    })
    void theFirstCallsOutcomeEndsTheScenario(String outcome, String endEvent) {
        ProcessInstance instance = downloaded(MARIE);

        complete(task(instance), withVariables(LeadCallback.OUTCOME.name(), outcome,
                LeadCallback.NOTE.name(), "called at 10:15"));

        assertThat(instance).hasPassed(LeadCallback.GATEWAY_CALL_OUTCOME, endEvent).isEnded();
        assertThat(instance).hasNotPassed(LeadCallback.TASK_SEND_CALLBACK_MISSED, LeadCallback.TASK_RETRY_CALL_BACK);
        assertThat(instance).variables().containsEntry(LeadCallback.OUTCOME.name(), outcome)
                .containsEntry(LeadCallback.NOTE.name(), "called at 10:15");
        assertThat(sent()).isEmpty();
    }

    @Test
    void noAnswerEmailsTheLeadAndSchedulesARetryForTheNextBusinessDay() {
        ProcessInstance instance = downloaded(MARIE);
        answer(instance, CallOutcome.NO_ANSWER);

        assertThat(instance).isWaitingAt(LeadCallback.TASK_SEND_CALLBACK_MISSED);
        assertThat(externalTask(instance)).as("the email waits for its arbitration apart from the rep's completion, "
                + "retried if the provider is down").isNotNull();
        assertThat(sent()).isEmpty();
        scenario.sends().run(job());

        assertThat(sent()).containsExactly("callback-missed/commercial/" + MARIE);
        assertThat(instance).variables().containsEntry(LeadCallback.MAX_CALL_ATTEMPTS.name(),
                (long) LeadCallback.DEFAULT_MAX_CALL_ATTEMPTS);
        assertThat(instance).hasPassed(LeadCallback.GATEWAY_CALL_AGAIN).isWaitingAt(LeadCallback.TASK_RETRY_CALL_BACK);
        Task retry = task(instance);
        // Monday 10:00 in Paris: due Tuesday 10:00.
        assertThat(retry).hasName("Call back the lead again").hasCandidateGroup("sales")
                .hasDueDate(Date.from(Instant.parse("2026-11-24T09:00:00Z")));
        assertThat(retry.getFollowUpDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(4))));
        assertThat(taskService().getVariablesLocal(retry.getId())).containsEntry(LeadCallback.CONTACT_NAME.name(),
                "Marie Martin");
        assertThat(instance).variables().containsEntry(LeadCallback.CALL_ATTEMPTS.name(), 2);
    }

    @ParameterizedTest(name = "no answer at {0} (UTC): retry due {1}")
    @CsvSource({
            "2026-11-26T15:00:00Z, 2026-11-27T15:00:00Z", // Thursday → Friday
            "2026-11-27T15:00:00Z, 2026-11-30T15:00:00Z", // Friday → Monday
            "2026-11-28T10:00:00Z, 2026-11-30T10:00:00Z", // Saturday → Monday
            "2026-11-29T10:00:00Z, 2026-11-30T10:00:00Z", // Sunday → Monday
            "2026-11-27T23:30:00Z, 2026-11-29T23:30:00Z", // Friday in UTC, already Saturday 00:30 in Paris → Monday
            "2026-10-23T08:00:00Z, 2026-10-26T09:00:00Z", // Friday 10:00 summer time → Monday 10:00 winter time
    })
    void theRetryIsDueTheNextBusinessDayInParis(Instant unanswered, Instant due) {
        ProcessInstance instance = downloaded(MARIE);
        scheduleAt(unanswered);
        answer(instance, CallOutcome.NO_ANSWER);
        scenario.sends().run(job());

        assertThat(task(instance)).hasDefinitionKey(LeadCallback.TASK_RETRY_CALL_BACK).hasDueDate(Date.from(due));
    }

    @ParameterizedTest(name = "outcome {0} of the retry ends at {1}")
    @CsvSource({
            "converted, EndEvent_ConvertedOnRetry",
            "reached, EndEvent_ReachedOnRetry",
            "not_interested, EndEvent_NotInterestedOnRetry",
            "no_answer, EndEvent_GaveUp",
    })
    void theRetrysOutcomeEndsTheScenario(String outcome, String endEvent) {
        ProcessInstance instance = unansweredOnce(Variables.createVariables());

        answer(instance, CallOutcome.of(outcome).orElseThrow());

        assertThat(instance).hasPassed(LeadCallback.GATEWAY_RETRY_OUTCOME, endEvent).isEnded();
        assertThat(instance).hasNotPassed(LeadCallback.END_CONVERTED, LeadCallback.END_NO_ANSWER);
        assertThat(sent()).containsExactly("callback-missed/commercial/" + MARIE);
    }

    @Test
    void maxCallAttemptsAllowsMoreRetriesWithOneEmail() {
        ProcessInstance instance = unansweredOnce(Variables.createVariables()
                .putValue(LeadCallback.MAX_CALL_ATTEMPTS.name(), 3));

        answer(instance, CallOutcome.NO_ANSWER);
        assertThat(instance).isWaitingAt(LeadCallback.TASK_RETRY_CALL_BACK);
        assertThat(instance).variables().containsEntry(LeadCallback.CALL_ATTEMPTS.name(), 3);
        answer(instance, CallOutcome.NO_ANSWER);

        assertThat(instance).hasPassed(LeadCallback.END_GAVE_UP).isEnded();
        assertThat(historyService().createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
                .activityId(LeadCallback.TASK_RETRY_CALL_BACK).count()).isEqualTo(2);
        assertThat(sent()).hasSize(1);
    }

    @Test
    void withASingleAttemptNoAnswerEndsWithoutEmailOrRetry() {
        ProcessInstance instance = downloaded(MARIE, Variables.createVariables()
                .putValue(LeadCallback.MAX_CALL_ATTEMPTS.name(), 1));

        answer(instance, CallOutcome.NO_ANSWER);

        assertThat(instance).hasPassed(LeadCallback.END_NO_ANSWER).isEnded();
        assertThat(instance).hasNotPassed(LeadCallback.TASK_SEND_CALLBACK_MISSED);
        assertThat(sent()).isEmpty();
    }

    @Test
    void aRefusedEmailStillLeadsToTheRetryCall() {
        scenario.sends().answer(SendStatus.FAILED);
        ProcessInstance instance = downloaded(MARIE);
        answer(instance, CallOutcome.NO_ANSWER);

        scenario.sends().run(job());

        assertThat(instance).hasPassed(LeadCallback.BOUNDARY_EMAIL_REFUSED)
                .isWaitingAt(LeadCallback.TASK_RETRY_CALL_BACK);
    }

    @Test
    void theCallFirstTakesASlotOfTheDaysCallBackCapacity() {
        ProcessInstance instance = downloaded(MARIE);

        assertThat(instance).hasPassed(LeadCallback.TASK_RESERVE_SLOT, LeadCallback.GATEWAY_SLOT)
                .isWaitingAt(LeadCallback.TASK_CALL_BACK);
        assertThat(instance).variables().containsEntry(CallbackSlot.RESULT.name(), "granted")
                .doesNotContainKey(CallbackSlot.RETRY_DATE.name());
        assertThat(reserved).containsExactly(LeadCallback.MESSAGE_TYPE_LEAD_CALLBACK);
    }

    @Test
    void withoutASlotLeftTheLeadWaitsForTheNextBusinessDayThenAsksAgain() {
        slots.add(CallbackSlot.FULL);
        ProcessInstance instance = downloaded(MARIE);

        assertThat(instance).isWaitingAt(LeadCallback.TIMER_WAIT_FOR_SLOT).hasNotPassed(LeadCallback.TASK_CALL_BACK);
        assertThat(taskService().createTaskQuery().processInstanceId(instance.getId()).count()).isZero();
        assertThat(instance).variables().containsEntry(CallbackSlot.RESULT.name(), "full")
                .containsEntry(CallbackSlot.RETRY_DATE.name(), Date.from(RETRY_AT));
        assertThat(job()).hasDueDate(Date.from(RETRY_AT));

        scheduleAt(RETRY_AT);
        execute(job());

        assertThat(instance).hasPassed(LeadCallback.GATEWAY_LEAD_TO_CALL).isWaitingAt(LeadCallback.TASK_CALL_BACK);
        assertThat(reserved).containsExactly(LeadCallback.MESSAGE_TYPE_LEAD_CALLBACK,
                LeadCallback.MESSAGE_TYPE_LEAD_CALLBACK);
        assertThat(task(instance)).hasDueDate(Date.from(RETRY_AT.plus(Duration.ofDays(1))));
        assertThat(instance).variables().containsEntry(CallbackSlot.RESULT.name(), "granted")
                .containsEntry(LeadCallback.CALL_ATTEMPTS.name(), 1);
    }

    @Test
    void theRetryCallTakesASlotTooAndWaitsWhenNoneIsLeft() {
        ProcessInstance instance = downloaded(MARIE);
        answer(instance, CallOutcome.NO_ANSWER);
        slots.add(CallbackSlot.FULL);
        scenario.sends().run(job());

        assertThat(sent()).containsExactly("callback-missed/commercial/" + MARIE);
        assertThat(instance).hasPassed(LeadCallback.TASK_RESERVE_RETRY_SLOT, LeadCallback.GATEWAY_RETRY_SLOT)
                .isWaitingAt(LeadCallback.TIMER_WAIT_FOR_RETRY_SLOT);
        assertThat(job()).hasDueDate(Date.from(RETRY_AT));

        execute(job());

        assertThat(instance).isWaitingAt(LeadCallback.TASK_RETRY_CALL_BACK);
        assertThat(reserved).hasSize(3);
        assertThat(sent()).as("the email is not sent again").hasSize(1);
        assertThat(instance).variables().containsEntry(LeadCallback.CALL_ATTEMPTS.name(), 2);
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
