package io.relance.engagement;

import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import io.relance.scenario.EventType;
import io.relance.scenario.Nurturing;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

/**
 * The nurturing scenario on the real engine, without Spring: eligibility by DMN, the opinion / suggestions / tips
 * sequence spaced by weeks (time travel), and the early stop on OrderReturned. Coverage of the class ≥ 90%.
 */
class NurturingProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/nurturing.bpmn",
            "dmn/nurturing-eligibility.dmn");

    private static final Instant DELIVERED = Instant.parse("2026-11-23T10:00:00Z");
    private static final String MARIE = "marie-42";

    private String segment = "engaged";

    private List<String> sent() {
        return scenario.sends().asked().stream().map(Sends.Send::messageType).toList();
    }

    @BeforeEach
    void bindBeans() {
        ClockUtil.setCurrentTime(Date.from(DELIVERED));
        Mocks.register("engagementSegment", (JavaDelegate) execution ->
                Nurturing.SEGMENT.set(execution, segment));
    }

    private ProcessInstance delivered(VariableMap data) {
        return scenario.start(Nurturing.MESSAGE_START, MARIE,
                data.putValue(ScenarioVariables.CONTACT_ID.name(), MARIE).putValue("orderId", "A-1042"));
    }

    private static void fireTimerDueAfter(ProcessInstance instance, Duration sinceDelivery) {
        Job timer = job(instance);
        assertThat(timer.getDuedate()).isEqualTo(Date.from(DELIVERED.plus(sinceDelivery)));
        ClockUtil.setCurrentTime(timer.getDuedate());
        execute(timer);
    }

    @Test
    void anEngagedBuyerIsAskedForAnOpinionThenSuggestionsThenGetsTipsWeeksApart() {
        ProcessInstance instance = delivered(Variables.createVariables().putValue("returned", false)
                .putValue("satisfaction", 5));

        assertThat(instance).hasPassed(Nurturing.TASK_READ_ENGAGEMENT, Nurturing.TASK_DECIDE_ELIGIBILITY)
                .isWaitingAt(Nurturing.TIMER_ONE_WEEK);
        fireTimerDueAfter(instance, Duration.ofDays(7));
        assertThat(instance).isWaitingAt(Nurturing.TASK_SEND_OPINION);
        scenario.sends().run(job(instance));
        fireTimerDueAfter(instance, Duration.ofDays(21));
        assertThat(instance).isWaitingAt(Nurturing.TASK_SEND_SUGGESTIONS);
        scenario.sends().run(job(instance));
        fireTimerDueAfter(instance, Duration.ofDays(42));
        scenario.sends().run(job(instance));

        assertThat(sent()).containsExactly(Nurturing.MESSAGE_TYPE_OPINION, Nurturing.MESSAGE_TYPE_SUGGESTIONS,
                Nurturing.MESSAGE_TYPE_TIPS);
        assertThat(instance).hasPassed(Nurturing.END_SEQUENCE_DONE, Nurturing.END_COMPLETED).isEnded();
    }

    @Test
    void anActiveBuyerWithoutSatisfactionScoreIsEligibleToo() {
        segment = "active";
        ProcessInstance instance = delivered(Variables.createVariables());

        assertThat(instance).isWaitingAt(Nurturing.TIMER_ONE_WEEK);
    }

    @ParameterizedTest(name = "returned {0}, satisfaction {1}, segment {2}: not eligible")
    @CsvSource({"true, 5, engaged", "false, 2, engaged", "false, 5, at_risk", "false, 4, dormant",
            "false, 5, none"})
    void returnedDissatisfiedOrDisengagedBuyersAreLeftAlone(boolean returned, int satisfaction, String segment) {
        this.segment = segment;
        ProcessInstance instance = delivered(Variables.createVariables().putValue("returned", returned)
                .putValue("satisfaction", satisfaction));

        assertThat(instance).hasPassed(Nurturing.END_NOT_ELIGIBLE).isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void theDelaysAreTunedByProcessVariables() {
        ProcessInstance instance = delivered(Variables.createVariables()
                .putValue(Nurturing.OPINION_DELAY.name(), "P3D")
                .putValue(Nurturing.SUGGESTIONS_DELAY.name(), "P10D")
                .putValue(Nurturing.TIPS_DELAY.name(), "P30D"));

        fireTimerDueAfter(instance, Duration.ofDays(3));
        scenario.sends().run(job(instance));
        fireTimerDueAfter(instance, Duration.ofDays(13));
        scenario.sends().run(job(instance));
        fireTimerDueAfter(instance, Duration.ofDays(43));
        scenario.sends().run(job(instance));

        assertThat(sent()).containsExactly(Nurturing.MESSAGE_TYPE_OPINION, Nurturing.MESSAGE_TYPE_SUGGESTIONS,
                Nurturing.MESSAGE_TYPE_TIPS);
        assertThat(instance).hasPassed(Nurturing.END_COMPLETED).isEnded();
    }

    @Test
    void aNewOrderDuringTheSequenceStopsIt() {
        ProcessInstance instance = delivered(Variables.createVariables().putValue("satisfaction", 5));
        fireTimerDueAfter(instance, Duration.ofDays(7));
        scenario.sends().run(job(instance));
        assertThat(instance).isWaitingAt(Nurturing.TIMER_TWO_WEEKS);

        runtimeService().createMessageCorrelation(EventType.ORDER_PLACED).processInstanceBusinessKey(MARIE)
                .correlateAll();

        assertThat(instance).hasPassed(Nurturing.EVENT_ORDER_PLACED, Nurturing.END_ORDERED_AGAIN)
                .hasNotPassed(Nurturing.TASK_SEND_SUGGESTIONS).isEnded();
        assertThat(sent()).containsExactly(Nurturing.MESSAGE_TYPE_OPINION);
    }

    @Test
    void aReturnedPurchaseStopsTheSequence() {
        ProcessInstance instance = delivered(Variables.createVariables().putValue("satisfaction", 4));
        fireTimerDueAfter(instance, Duration.ofDays(7));
        scenario.sends().run(job(instance));
        assertThat(instance).isWaitingAt(Nurturing.TIMER_TWO_WEEKS);

        runtimeService().createMessageCorrelation(EventType.ORDER_RETURNED).processInstanceBusinessKey(MARIE)
                .correlateAll();

        assertThat(instance).hasPassed(Nurturing.END_RETURNED).isEnded();
        assertThat(sent()).containsExactly(Nurturing.MESSAGE_TYPE_OPINION);
    }
}
