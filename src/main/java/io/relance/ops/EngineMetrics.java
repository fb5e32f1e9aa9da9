package io.relance.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.relance.config.Sampled;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The engine's backlog, read through Camunda's public query API at most once per {@code relance.metrics.refresh}
 * (a scrape never counts rows itself):
 * <ul>
 * <li>{@code relance.jobs{state}}: jobs {@code due} (may run now: timers reached, asynchronous steps, retries due) and
 * {@code failed} (no retries left: an incident);</li>
 * <li>{@code relance.external.tasks{state}}: send tasks waiting for the arbitration worker, {@code available} (not
 * locked), {@code locked} (taken, or waiting for their decision time), {@code failed};</li>
 * <li>{@code relance.incidents{type}}: open incidents, {@code failedJob}, {@code failedExternalTask}, {@code other}.</li>
 * </ul>
 */
@Component
class EngineMetrics {

    static final String JOBS = "relance.jobs";
    static final String EXTERNAL_TASKS = "relance.external.tasks";
    static final String INCIDENTS = "relance.incidents";
    static final String FAILED_JOB = "failedJob";
    static final String FAILED_EXTERNAL_TASK = "failedExternalTask";

    EngineMetrics(MeterRegistry registry, ManagementService management, ExternalTaskService externalTasks,
                  RuntimeService runtime, @Value("${relance.metrics.refresh:PT15S}") Duration refresh) {
        Sampled counts = new Sampled("the engine's jobs, external tasks and incidents", refresh, () -> {
            Map<String, Long> read = new HashMap<>();
            read.put("jobs.due", management.createJobQuery().executable().count());
            read.put("jobs.failed", management.createJobQuery().noRetriesLeft().count());
            read.put("tasks.available", externalTasks.createExternalTaskQuery().notLocked().withRetriesLeft().count());
            read.put("tasks.locked", externalTasks.createExternalTaskQuery().locked().count());
            read.put("tasks.failed", externalTasks.createExternalTaskQuery().noRetriesLeft().count());
            long failedJobs = runtime.createIncidentQuery().incidentType(FAILED_JOB).count();
            long failedTasks = runtime.createIncidentQuery().incidentType(FAILED_EXTERNAL_TASK).count();
            read.put("incidents." + FAILED_JOB, failedJobs);
            read.put("incidents." + FAILED_EXTERNAL_TASK, failedTasks);
            read.put("incidents.other", runtime.createIncidentQuery().count() - failedJobs - failedTasks);
            return read;
        });
        for (String state : new String[]{"due", "failed"}) {
            Gauge.builder(JOBS, counts, c -> c.get("jobs." + state)).tag("state", state)
                    .description("Camunda jobs (timers, asynchronous steps)").strongReference(true).register(registry);
        }
        for (String state : new String[]{"available", "locked", "failed"}) {
            Gauge.builder(EXTERNAL_TASKS, counts, c -> c.get("tasks." + state)).tag("state", state)
                    .description("Send tasks waiting for the arbitration worker").strongReference(true).register(registry);
        }
        for (String type : new String[]{FAILED_JOB, FAILED_EXTERNAL_TASK, "other"}) {
            Gauge.builder(INCIDENTS, counts, c -> c.get("incidents." + type)).tag("type", type)
                    .description("Open incidents (Cockpit)").strongReference(true).register(registry);
        }
    }
}
