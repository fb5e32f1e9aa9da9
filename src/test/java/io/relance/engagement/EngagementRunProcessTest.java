package io.relance.engagement;

import io.relance.support.DeployedScenario;
import io.relance.scenario.Engagement;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.decisionService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;

/**
 * The daily engagement run (a timer start event at 06:30, engine time zone) and the segment rules of
 * {@code dmn/engagement-segment.dmn}. Coverage of the class ≥ 90%.
 */
class EngagementRunProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/engagement-run.bpmn",
            "dmn/engagement-segment.dmn");

    private final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void bindBeans() {
        Mocks.register("engagementRun", (JavaDelegate) execution -> {
            runs.incrementAndGet();
            execution.setVariable("changed", 0);
        });
    }

    @Test
    void runsEveryMorningAtHalfPastSix() {
        Job timer = managementService().createJobQuery().processDefinitionKey(Engagement.PROCESS_KEY).timers()
                .singleResult();
        LocalDateTime due = LocalDateTime.ofInstant(timer.getDuedate().toInstant(), ZoneId.systemDefault());
        assertThat(due.getHour()).isEqualTo(6);
        assertThat(due.getMinute()).isEqualTo(30);

        ClockUtil.setCurrentTime(timer.getDuedate());
        managementService().executeJob(timer.getId());

        assertThat(runs).hasValue(1);
        assertThat(historyService().createHistoricActivityInstanceQuery()
                .activityId(Engagement.END_RUN_DONE).count()).isEqualTo(1);
        Job next = managementService().createJobQuery().processDefinitionKey(Engagement.PROCESS_KEY).timers()
                .singleResult();
        assertThat(next.getDuedate()).isEqualTo(Date.from(timer.getDuedate().toInstant().plusSeconds(86_400)));
    }

    @ParameterizedTest(name = "opens {0}, clicks {1}, orders {2}, {3} day(s) since: {4}")
    @CsvSource({
            "0, 0, 1, 3, engaged",
            "0, 3, 0, 30, engaged",
            "8, 0, 0, 10, engaged",
            "1, 0, 0, 30, active",
            "0, 2, 0, 5, active",
            "4, 1, 1, 31, at_risk",
            "1, 0, 0, 90, at_risk",
            "0, 0, 0, 91, dormant",
            "0, 0, 0, 400, dormant"})
    void segmentsFollowRecencyThenIntensity(int opens, int clicks, int orders, int days, String segment) {
        Object decided = decisionService().evaluateDecisionTableByKey(Engagement.DECISION_SEGMENT,
                        Variables.createVariables().putValue("opens", opens).putValue("clicks", clicks)
                                .putValue("orders", orders).putValue("daysSinceLastActivity", days))
                .getSingleResult().getSingleEntry();
        assertThat(decided).isEqualTo(segment);
    }
}
