package io.relance.figures;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what the engine does, from the execution events the Camunda Spring Boot starter publishes for every element
 * ({@code camunda.bpm.eventing.execution}, on by default), in the engine's transaction: a scenario instance started
 * (entered, running), each element entered (passed) and left (waiting = entered - left), the instance's end with its
 * exit (the {@code exit} property of the last end event it reached that has one, {@code completed} without one,
 * {@code cancelled} when it was stopped without reaching an end event). No query: definitions and elements are cached.
 */
@Component
class EngineCounting {

    static final String ENTERED = "entered";
    static final String PASSED = "passed";
    static final String EXIT_PREFIX = "exit:";
    static final String CANCELLED = "cancelled";
    /** The scope of the scenario's own figures. */
    static final String SCENARIO = "";

    private final FigureStore store;
    private final ScenarioModels models;
    private final Clock clock;
    private final FiguresProperties properties;
    /** definition id + element id → the end event's exit, or "" for other elements. */
    private final Map<String, String> exits = new ConcurrentHashMap<>();

    EngineCounting(FigureStore store, ScenarioModels models, Clock clock, FiguresProperties properties) {
        this.store = store;
        this.models = models;
        this.clock = clock;
        this.properties = properties;
    }

    @EventListener
    void on(DelegateExecution execution) {
        String event = execution.getEventName();
        boolean start = ExecutionListener.EVENTNAME_START.equals(event);
        if (!start && !ExecutionListener.EVENTNAME_END.equals(event)) {
            return;
        }
        ScenarioModels.Definition definition = models.definition(execution.getProcessDefinitionId());
        String processInstanceId = execution.getProcessInstanceId();
        LocalDate day = LocalDate.ofInstant(clock.instant(), properties.timeZone());
        String activityId = execution.getCurrentActivityId();
        // The instance's own events: its start carries no activity instance yet, its end the instance's id.
        String activityInstanceId = execution.getActivityInstanceId();
        boolean processLevel = start ? activityInstanceId == null : processInstanceId.equals(activityInstanceId);
        store.record(tally -> {
            if (processLevel) {
                if (start) {
                    models.instanceStarted(processInstanceId, definition.id());
                    tally.count(key(definition, day, SCENARIO, ENTERED), 1);
                    tally.gauge(gauge(definition, SCENARIO), 1);
                } else {
                    String exit = tally.takeExit(processInstanceId);
                    tally.count(key(definition, day, SCENARIO, EXIT_PREFIX + (exit == null ? CANCELLED : exit)), 1);
                    tally.gauge(gauge(definition, SCENARIO), -1);
                }
                return;
            }
            if (start) {
                tally.count(key(definition, day, activityId, PASSED), 1);
                tally.gauge(gauge(definition, activityId), 1);
                String exit = exits.computeIfAbsent(definition.id() + "\u0000" + activityId,
                        k -> exitOf(execution.getBpmnModelElementInstance()));
                if (!exit.isEmpty()) {
                    tally.reachedEnd(processInstanceId, exit);
                }
            } else {
                tally.gauge(gauge(definition, activityId), -1);
            }
        });
    }

    private static String exitOf(FlowElement element) {
        return element instanceof EndEvent end ? ScenarioModels.exitOf(end) : "";
    }

    static Tally.Key key(ScenarioModels.Definition definition, LocalDate day, String element, String metric) {
        return new Tally.Key(definition.key(), day, definition.version(), element, metric);
    }

    private static Tally.Gauge gauge(ScenarioModels.Definition definition, String element) {
        return new Tally.Gauge(definition.key(), definition.version(), element);
    }
}
