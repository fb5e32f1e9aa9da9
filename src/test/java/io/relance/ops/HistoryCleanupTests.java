package io.relance.ops;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's history is removed its time to live after the instance ended, by a cleanup run every night: no removal
 * time is written when an instance ends (the sixteen updates of Camunda's default strategy), an instance ended longer
 * ago than its definition's time to live is removed with its activities and variables, a recent one stays. Run on H2
 * ({@link HistoryCleanupOnH2Test}) and on the real MariaDB ({@link HistoryCleanupOnMariaDbTest}).
 */
abstract class HistoryCleanupTests {

    @Autowired
    RepositoryService repositoryService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    ManagementService managementService;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anInstanceIsRemovedItsTimeToLiveAfterItEnded() {
        String key = "history-probe-" + UUID.randomUUID().toString().substring(0, 8);
        BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(2)
                .startEvent().endEvent().done();
        repositoryService.createDeployment().name(key).addModelInstance(key + ".bpmn", model).deploy();
        String old = runtimeService.startProcessInstanceByKey(key, "probe-old",
                Variables.putValue("note", "old")).getId();
        String recent = runtimeService.startProcessInstanceByKey(key, "probe-recent",
                Variables.putValue("note", "recent")).getId();

        HistoricProcessInstance ended = historyService.createHistoricProcessInstanceQuery().processInstanceId(old)
                .singleResult();
        assertThat(ended.getEndTime()).as("the instance ended").isNotNull();
        assertThat(ended.getRemovalTime()).as("no removal time written at the end").isNull();
        assertThat(activities(old)).isPositive();
        assertThat(variables(old)).isEqualTo(1);

        // Ended three days ago, with a time to live of two days; the other one ended just now.
        Timestamp threeDaysAgo = Timestamp.from(Instant.now().minus(Duration.ofDays(3)));
        jdbc.update("UPDATE ACT_HI_PROCINST SET START_TIME_ = ?, END_TIME_ = ? WHERE ID_ = ?", threeDaysAgo,
                threeDaysAgo, old);

        for (int run = 0; run < 20 && instance(old) != null; run++) {
            Job cleanup = historyService.cleanUpHistoryAsync(true);
            managementService.executeJob(cleanup.getId());
        }

        assertThat(instance(old)).as("the instance ended longer ago than its time to live").isNull();
        assertThat(activities(old)).isZero();
        assertThat(variables(old)).isZero();
        assertThat(instance(recent)).as("the instance that ended just now").isNotNull();
        assertThat(activities(recent)).isPositive();
        assertThat(variables(recent)).isEqualTo(1);
    }

    @Test
    void theCleanupIsScheduledAtNight() {
        List<Job> jobs = historyService.findHistoryCleanupJobs();
        assertThat(jobs).as("the history cleanup job").isNotEmpty();
        for (Job job : jobs) {
            LocalTime due = job.getDuedate().toInstant().atZone(ZoneId.systemDefault()).toLocalTime();
            assertThat(due).as("due in the window 01:00-05:00, server time").isBetween(LocalTime.of(1, 0),
                    LocalTime.of(5, 0));
        }
    }

    private HistoricProcessInstance instance(String id) {
        return historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    private long activities(String id) {
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(id).count();
    }

    private long variables(String id) {
        return historyService.createHistoricVariableInstanceQuery().processInstanceId(id).count();
    }
}
