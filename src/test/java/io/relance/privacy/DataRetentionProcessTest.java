package io.relance.privacy;

import io.relance.scenario.DataRetention;
import io.relance.support.DeployedScenario;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;

/** The nightly data-retention run: a timer start event at 03:15 (engine time zone), its task, its count. */
class DataRetentionProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(1.0).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/data-retention.bpmn");

    private final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void bindBeans() {
        Mocks.register("dataRetentionRun", (JavaDelegate) execution -> {
            runs.incrementAndGet();
            DataRetention.ERASED.set(execution, 7);
        });
    }

    @Test
    void runsEveryNightAtAQuarterPastThreeAndRecordsHowManyWereErased() {
        Job timer = managementService().createJobQuery().processDefinitionKey(DataRetention.PROCESS_KEY).timers()
                .singleResult();
        LocalDateTime due = LocalDateTime.ofInstant(timer.getDuedate().toInstant(), ZoneId.systemDefault());
        assertThat(due.getHour()).isEqualTo(3);
        assertThat(due.getMinute()).isEqualTo(15);

        ClockUtil.setCurrentTime(timer.getDuedate());
        managementService().executeJob(timer.getId());

        assertThat(runs).hasValue(1);
        HistoricProcessInstance run = historyService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(DataRetention.PROCESS_KEY).singleResult();
        assertThat(run).isNotNull();
        assertThat(historyService().createHistoricActivityInstanceQuery().processInstanceId(run.getId())
                .activityId(DataRetention.END_RUN_DONE).count()).isEqualTo(1);
        assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(run.getId())
                .variableName(DataRetention.ERASED.name()).singleResult().getValue()).isEqualTo(7);
        Job next = managementService().createJobQuery().processDefinitionKey(DataRetention.PROCESS_KEY).timers()
                .singleResult();
        assertThat(next.getDuedate()).isEqualTo(Date.from(timer.getDuedate().toInstant().plusSeconds(86_400)));
    }
}
