package io.relance.channel.email;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * When the scenario that sends a message started — the day of its trigger (the abandoned cart, the sign-up), which
 * the why line of a commercial email names. Read from the engine's history; now for a message without a scenario
 * instance (a preview, a test send).
 */
@Component
class TriggerDates {

    private final HistoryService historyService;
    private final Clock clock;

    TriggerDates(HistoryService historyService, Clock clock) {
        this.historyService = historyService;
        this.clock = clock;
    }

    Instant of(String processInstanceId) {
        if (processInstanceId == null) {
            return clock.instant();
        }
        HistoricProcessInstance instance = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        return instance == null || instance.getStartTime() == null ? clock.instant()
                : instance.getStartTime().toInstant();
    }
}
