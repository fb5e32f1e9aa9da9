package io.relance.scenario;

import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;

/**
 * The contest scenario on the real engine, without Spring: the entry confirmed at once (transactional), the result
 * of that contest announced at the draw at the earliest (prize: transactional; consolation: commercial), another
 * contest's result ignored, no result by the deadline. Flow-node and sequence-flow coverage must reach 90%.
 */
class ContestProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/contest.bpmn");

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    /** A date alone: the draw is at 09:00 Paris time that day. */
    private static final String DRAW_DAY = "2026-12-20";
    private static final Instant DRAW = Instant.parse("2026-12-20T08:00:00Z");

    @BeforeEach
    void bindBeans() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        Mocks.register("contestDates", new ContestDates(EngineClock.INSTANCE));
    }

    private List<String> sent() {
        return scenario.sends().asked().stream().map(Sends.Send::typeAndCategory).toList();
    }

    private ProcessInstance enter(String contest) {
        ProcessInstance instance = scenario.start(Contest.MESSAGE_START, "marie", Variables.createVariables()
                .putValue(ScenarioVariables.CONTACT_ID.name(), "marie")
                .putValue(Contest.CONTEST_NAME.name(), contest)
                .putValue(Contest.DRAW_DATE.name(), DRAW_DAY));
        assertThat(instance).isWaitingAt(Contest.TASK_SEND_ENTRY_CONFIRMATION);
        scenario.sends().run(job(instance));
        return instance;
    }

    private void result(String contest, boolean won, String prize) {
        scenario.event(EventType.CONTEST_RESULT_PUBLISHED, "marie", Variables.createVariables()
                .putValue(Contest.CONTEST_NAME.name(), contest)
                .putValue(Contest.WON.name(), won)
                .putValue(Contest.PRIZE.name(), prize));
    }

    private static Job job(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).singleResult();
    }

    private static void fire(Job timer) {
        ClockUtil.setCurrentTime(timer.getDuedate());
        execute(timer);
    }

    @Test
    void aResultPublishedBeforeTheDrawIsAnnouncedAtTheDraw() {
        ProcessInstance instance = enter("Grand jeu de Noël");
        assertThat(sent()).containsExactly("contest-entry/transactional");
        assertThat(instance).isWaitingAt(Contest.GATEWAY_RESULT_OR_DEADLINE);
        assertThat(job(instance)).as("deadline: 14 days after the draw")
                .hasDueDate(Date.from(DRAW.plusSeconds(14 * 86_400)));

        result("Grand jeu de Noël", true, "un week-end pour deux");

        assertThat(instance).isWaitingAt(Contest.TIMER_DRAW_DATE);
        assertThat(job(instance)).hasDueDate(Date.from(DRAW));
        fire(job(instance));
        assertThat(instance).isWaitingAt(Contest.TASK_SEND_WINNER_EMAIL);
        scenario.sends().run(job(instance));
        assertThat(sent()).containsExactly("contest-entry/transactional", "contest-won/transactional");
        assertThat(scenario.sends().asked().get(1).variable(Contest.PRIZE.name())).isEqualTo("un week-end pour deux");
        assertThat(instance).hasPassed(Contest.END_WINNER_INFORMED).isEnded();
    }

    @Test
    void aLostResultAfterTheDrawGetsTheConsolationAtOnce() {
        ProcessInstance instance = enter("Grand jeu de Noël");
        ClockUtil.setCurrentTime(Date.from(DRAW.plusSeconds(3600)));

        result("Grand jeu de Noël", false, null);

        assertThat(instance).hasNotPassed(Contest.TIMER_DRAW_DATE).isWaitingAt(Contest.TASK_SEND_CONSOLATION_EMAIL);
        scenario.sends().run(job(instance));
        assertThat(sent()).containsExactly("contest-entry/transactional", "contest-lost/commercial");
        assertThat(instance).hasPassed(Contest.END_CONSOLATION_SENT).isEnded();
    }

    @Test
    void anotherContestsResultIsIgnored() {
        ProcessInstance instance = enter("Grand jeu de Noël");
        Date deadline = job(instance).getDuedate();

        result("Quiz de l'été", true, "un vélo");

        assertThat(instance).hasPassed(Contest.GATEWAY_THIS_CONTEST).isWaitingAt(Contest.GATEWAY_RESULT_OR_DEADLINE);
        assertThat(job(instance).getDuedate()).isEqualTo(deadline);
        assertThat(org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService()
                .getVariable(instance.getId(), Contest.CONTEST_NAME.name())).as("restored").isEqualTo("Grand jeu de Noël");
        ClockUtil.setCurrentTime(Date.from(DRAW.plusSeconds(86_400)));
        result("Grand jeu de Noël", false, null);
        scenario.sends().run(job(instance));
        assertThat(sent()).containsExactly("contest-entry/transactional", "contest-lost/commercial");
    }

    @Test
    void noResultByTheDeadlineEndsWithoutAMessage() {
        ProcessInstance instance = enter("Grand jeu de Noël");

        fire(job(instance));

        assertThat(instance).hasPassed(Contest.TIMER_RESULT_DEADLINE, Contest.END_NO_RESULT).isEnded();
        assertThat(sent()).containsExactly("contest-entry/transactional");
    }
}
