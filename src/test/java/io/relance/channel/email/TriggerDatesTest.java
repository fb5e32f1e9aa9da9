package io.relance.channel.email;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The why line's trigger dates, read from a real engine's history, one by one or for a delivery round at once. */
class TriggerDatesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static ProcessEngine engine;

    @BeforeAll
    static void engine() {
        engine = ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
                .setJdbcUrl("jdbc:h2:mem:trigger-dates;DB_CLOSE_DELAY=-1")
                .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
                .setJobExecutorActivate(false)
                .buildProcessEngine();
        engine.getRepositoryService().createDeployment()
                .addModelInstance("short.bpmn", Bpmn.createExecutableProcess("short").startEvent().endEvent().done())
                .deploy();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void aRoundReadsTheStartDatesOfItsScenariosAtOnceAndEachMessageFindsItsOwn() {
        TriggerDates dates = new TriggerDates(engine.getHistoryService(), Clock.fixed(NOW, ZoneOffset.UTC));
        String first = start();
        String second = start();
        String notReadAhead = start();
        String kept = start();

        dates.readAhead(Arrays.asList(first, second, null));
        Instant firstStarted = started(first);
        Instant secondStarted = started(second);
        // Their history gone, the messages of the round still find the dates read for them.
        for (String id : new String[]{first, second, notReadAhead}) {
            engine.getHistoryService().deleteHistoricProcessInstance(id);
        }

        assertThat(dates.of(first)).isEqualTo(firstStarted).isNotEqualTo(NOW);
        assertThat(dates.of(second)).isEqualTo(secondStarted);
        // Not read ahead: asked for on its own (its history present, its start; gone, now).
        assertThat(dates.of(kept)).isEqualTo(started(kept));
        assertThat(dates.of(notReadAhead)).isEqualTo(NOW);
        assertThat(dates.of(null)).isEqualTo(NOW);
    }

    private static String start() {
        return engine.getRuntimeService().startProcessInstanceByKey("short").getId();
    }

    private static Instant started(String id) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(id).singleResult()
                .getStartTime().toInstant();
    }
}
