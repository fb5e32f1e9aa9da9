package io.relance.engagement;

import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import io.relance.callback.CallbackSlot;
import io.relance.scenario.Engagement;
import io.relance.scenario.EventType;
import io.relance.scenario.Retention;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;

/**
 * The retention scenario on the real engine, without Spring: win-back emails (mocked sender), the race between
 * reactions and delays (time travel with ClockUtil), the call-back decided by DMN, and the call-back capacity (a stub
 * answering {@link #slot}; the real one is tested in {@code CallbackCapacityOnH2Test}). Coverage of the class ≥ 90%.
 */
class RetentionProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/retention.bpmn",
            "dmn/retention-callback.dmn", "bpmn/callback.form");

    private static final Instant NOW = Instant.parse("2026-11-23T06:30:00Z");
    private static final String MARIE = "marie-42";

    /** Message type of each call-back slot the scenario asked for. */
    private final List<String> reserved = new ArrayList<>();
    /** What the call-back capacity answers. */
    private CallbackSlot slot = CallbackSlot.GRANTED;

    private List<String> sent() {
        return scenario.sends().asked().stream().map(Sends.Send::typeAndCategory).toList();
    }

    @BeforeEach
    void bindBeans() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        Mocks.register("callbackSchedule", (ExecutionListener) execution -> {
            Instant now = ClockUtil.getCurrentTime().toInstant();
            execution.setVariable("callbackDueDate", Date.from(now.plus(Duration.ofDays(1))));
            execution.setVariable("callbackFollowUpDate", Date.from(now.plus(Duration.ofHours(4))));
        });
        Mocks.register("callbackTask", (TaskListener) task -> { });
        Mocks.register("callbackCapacity", (JavaDelegate) execution -> {
            reserved.add(ScenarioVariables.MESSAGE_TYPE.get(execution));
            CallbackSlot.RESULT.set(execution, slot.value());
        });
    }

    private ProcessInstance engagementChanged(String segment, String valueTier, int orders) {
        return scenario.start(Retention.MESSAGE_START, MARIE, Variables.createVariables()
                .putValue(ScenarioVariables.CONTACT_ID.name(), MARIE)
                .putValue(Engagement.SEGMENT.name(), segment)
                .putValue(Engagement.PREVIOUS_SEGMENT.name(), "active")
                .putValue(ScenarioVariables.VALUE_TIER.name(), valueTier)
                .putValue(Engagement.ORDERS.name(), orders));
    }

    private static void travel(Duration duration) {
        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(duration)));
    }

    /** Sends the first email, checks the second is due a week later and fires it, then the reaction delay. */
    private void noReactionToBothEmails(ProcessInstance instance) {
        assertThat(instance).isWaitingAt(Retention.TASK_SEND_WINBACK_1);
        scenario.sends().run(job(instance));
        assertThat(instance).isWaitingAt(Retention.TIMER_BEFORE_SECOND_WINBACK);
        Job firstDelay = job(instance);
        assertThat(firstDelay.getDuedate()).isEqualTo(Date.from(NOW.plus(Duration.ofDays(7))));
        travel(Duration.ofDays(7));
        execute(firstDelay);
        assertThat(instance).isWaitingAt(Retention.TASK_SEND_WINBACK_2);
        scenario.sends().run(job(instance));
        assertThat(instance).isWaitingAt(Retention.TIMER_WAIT_FOR_REACTION);
        Job reactionDelay = job(instance);
        assertThat(reactionDelay.getDuedate()).isEqualTo(Date.from(NOW.plus(Duration.ofDays(14))));
        travel(Duration.ofDays(7));
        execute(reactionDelay);
        assertThat(sent()).containsExactly("winback-1/commercial", "winback-2/commercial");
    }

    @ParameterizedTest(name = "{0}: not eligible")
    @ValueSource(strings = {"engaged", "active", "dormant"})
    void onlyAtRiskContactsAreWonBack(String segment) {
        ProcessInstance instance = engagementChanged(segment, "gold", 5);

        assertThat(instance).hasPassed(Retention.END_NOT_ELIGIBLE).isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void aHighValueCustomerWhoNeverReactsIsCalledBackBySales() {
        ProcessInstance instance = engagementChanged("at_risk", "gold", 0);

        noReactionToBothEmails(instance);

        assertThat(instance).hasPassed(Retention.END_WINBACK_UNANSWERED, Retention.TASK_DECIDE_CALLBACK)
                .isWaitingAt(Retention.TASK_CALL_BACK).variables().containsEntry("salesCallback", true);
        Task call = task(instance);
        assertThat(call).hasCandidateGroup("sales")
                .hasDueDate(Date.from(NOW.plus(Duration.ofDays(15))));
        assertThat(instance).hasPassed(Retention.TASK_RESERVE_CALLBACK_SLOT, Retention.GATEWAY_CALLBACK_SLOT)
                .variables().containsEntry(CallbackSlot.RESULT.name(), "granted");
        assertThat(reserved).containsExactly(Retention.MESSAGE_TYPE_WINBACK_CALLBACK);
        taskService().complete(call.getId(), Map.of("outcome", "reached"));
        assertThat(instance).hasPassed(Retention.END_CALLED_BACK).isEnded();
        assertThat(sent()).hasSize(2);
    }

    @ParameterizedTest(name = "outcome {0} ends at {1}")
    @CsvSource({"converted, EndEvent_Converted", "not_interested, EndEvent_NotInterested",
            "reached, EndEvent_CalledBack"})
    void theOutcomeOfTheCallSteersTheEnd(String outcome, String end) {
        ProcessInstance instance = engagementChanged("at_risk", "gold", 0);
        noReactionToBothEmails(instance);

        taskService().complete(task(instance).getId(), Map.of("outcome", outcome));

        assertThat(instance).hasPassed(Retention.GATEWAY_CALL_OUTCOME, end)
                .hasNotPassed(Retention.TASK_SEND_CALLBACK_FALLBACK).isEnded();
        assertThat(sent()).as("no message after the call").containsExactly("winback-1/commercial",
                "winback-2/commercial");
    }

    @Test
    void aCustomerTheSalesRepCouldNotReachGetsTheFallbackEmail() {
        ProcessInstance instance = engagementChanged("at_risk", "silver", 0);
        noReactionToBothEmails(instance);

        taskService().complete(task(instance).getId(), Map.of("outcome", "no_answer"));

        assertThat(instance).hasPassed(Retention.GATEWAY_CALL_OUTCOME).isWaitingAt(
                Retention.TASK_SEND_CALLBACK_FALLBACK);
        scenario.sends().run(job(instance));
        assertThat(sent()).containsExactly("winback-1/commercial", "winback-2/commercial",
                Retention.MESSAGE_TYPE_WINBACK_CALLBACK_FALLBACK + "/commercial");
        assertThat(instance).hasPassed(Retention.END_FALLBACK_EMAIL_SENT).isEnded();
    }

    @Test
    void withoutACallBackSlotLeftTodayTheCustomerGetsAnEmailInstead() {
        slot = CallbackSlot.FULL;
        ProcessInstance instance = engagementChanged("at_risk", "gold", 0);

        noReactionToBothEmails(instance);

        assertThat(reserved).containsExactly(Retention.MESSAGE_TYPE_WINBACK_CALLBACK);
        assertThat(instance).hasPassed(Retention.TASK_RESERVE_CALLBACK_SLOT)
                .isWaitingAt(Retention.TASK_SEND_CALLBACK_FALLBACK);
        assertThat(taskService().createTaskQuery().processInstanceId(instance.getId()).count()).isZero();
        scenario.sends().run(job(instance));

        assertThat(sent()).containsExactly("winback-1/commercial", "winback-2/commercial",
                Retention.MESSAGE_TYPE_WINBACK_CALLBACK_FALLBACK + "/commercial");
        assertThat(instance).hasPassed(Retention.END_FALLBACK_EMAIL_SENT).hasNotPassed(Retention.TASK_CALL_BACK)
                .isEnded();
    }

    @Test
    void withoutPhoneConsentTheCustomerGetsTheEmailInsteadOfACall() {
        slot = CallbackSlot.NO_CONSENT;
        ProcessInstance instance = engagementChanged("at_risk", "gold", 0);

        noReactionToBothEmails(instance);

        assertThat(instance).hasPassed(Retention.TASK_RESERVE_CALLBACK_SLOT)
                .isWaitingAt(Retention.TASK_SEND_CALLBACK_FALLBACK);
        assertThat(taskService().createTaskQuery().processInstanceId(instance.getId()).count()).isZero();
        scenario.sends().run(job(instance));

        assertThat(sent()).containsExactly("winback-1/commercial", "winback-2/commercial",
                Retention.MESSAGE_TYPE_WINBACK_CALLBACK_FALLBACK + "/commercial");
        assertThat(instance).hasPassed(Retention.END_FALLBACK_EMAIL_SENT).hasNotPassed(Retention.TASK_CALL_BACK)
                .isEnded();
    }

    @ParameterizedTest(name = "tier {0}, {1} order(s): call-back {2}")
    @CsvSource({"silver, 0, true", "standard, 3, true", "standard, 1, false", "bronze, 0, false"})
    void theCallBackIsForHighValueCustomersOnly(String valueTier, int orders, boolean callBack) {
        ProcessInstance instance = engagementChanged("at_risk", valueTier, orders);

        noReactionToBothEmails(instance);

        if (callBack) {
            assertThat(instance).isWaitingAt(Retention.TASK_CALL_BACK);
            assertThat(reserved).hasSize(1);
        } else {
            assertThat(instance).hasPassed(Retention.END_NO_REACTION).isEnded();
            assertThat(reserved).as("no call, no slot").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} after the first email ends as re-engaged")
    @CsvSource({"EmailOpened, EndEvent_ReengagedByOpen", "LinkClicked, EndEvent_ReengagedByClick",
            "OrderPlaced, EndEvent_ReengagedByOrder"})
    void aReactionEndsTheWinBack(String message, String end) {
        ProcessInstance instance = engagementChanged("at_risk", "gold", 0);
        scenario.sends().run(job(instance));
        assertThat(instance).isWaitingAt(Retention.TIMER_BEFORE_SECOND_WINBACK);

        runtimeService().createMessageCorrelation(message).processInstanceBusinessKey(MARIE).correlateAll();

        assertThat(instance).hasPassed(end).isEnded();
        assertThat(sent()).containsExactly("winback-1/commercial");
        assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
    }

    @Test
    void aReactionAfterTheSecondEmailEndsTheWinBackWithoutCall() {
        ProcessInstance instance = engagementChanged("at_risk", "gold", 0);
        scenario.sends().run(job(instance));
        travel(Duration.ofDays(7));
        execute(job(instance));
        scenario.sends().run(job(instance));
        assertThat(instance).isWaitingAt(Retention.TIMER_WAIT_FOR_REACTION);

        runtimeService().createMessageCorrelation(EventType.LINK_CLICKED).processInstanceBusinessKey(MARIE)
                .correlateAll();

        assertThat(instance).hasPassed(Retention.END_REENGAGED_CLICKED).hasNotPassed(Retention.TASK_CALL_BACK)
                .isEnded();
    }
}
