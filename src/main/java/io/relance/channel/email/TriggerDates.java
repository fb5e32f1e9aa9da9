package io.relance.channel.email;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * When the scenario that sends a message started — the day of its trigger (the abandoned cart, the sign-up), which
 * the why line of a commercial email names. Read from the engine's history; now for a message without a scenario
 * instance (a preview, a test send). A delivery round reads the dates of its messages at once ({@link #readAhead});
 * what it read is kept a minute (a start date never changes), so its messages do not each query the history.
 */
@Component
class TriggerDates {

    private final HistoryService historyService;
    private final Clock clock;
    private final Cache<String, Instant> readAhead = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    TriggerDates(HistoryService historyService, Clock clock) {
        this.historyService = historyService;
        this.clock = clock;
    }

    Instant of(String processInstanceId) {
        if (processInstanceId == null) {
            return clock.instant();
        }
        Instant read = readAhead.getIfPresent(processInstanceId);
        if (read != null) {
            return read;
        }
        HistoricProcessInstance instance = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        return instance == null || instance.getStartTime() == null ? clock.instant()
                : instance.getStartTime().toInstant();
    }

    /** Reads the start dates of these instances with one query, for {@link #of} to find. */
    void readAhead(Collection<String> processInstanceIds) {
        Set<String> ids = new HashSet<>();
        processInstanceIds.stream().filter(Objects::nonNull).filter(id -> readAhead.getIfPresent(id) == null)
                .forEach(ids::add);
        if (ids.isEmpty()) {
            return;
        }
        for (HistoricProcessInstance instance : historyService.createHistoricProcessInstanceQuery()
                .processInstanceIds(ids).list()) {
            if (instance.getStartTime() != null) {
                readAhead.put(instance.getId(), instance.getStartTime().toInstant());
            }
        }
    }
}
