package io.relance.event;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event types the deployed scenarios know: every message name a start event, catch event, boundary event or
 * receive task listens to, in any deployed version (old versions may still have instances waiting).
 * Deployments are read from the database, so a deployment made by another node is seen within {@link #TTL}.
 */
@Component
public class EventTypes {

    static final Duration TTL = Duration.ofSeconds(5);

    private final RepositoryService repositoryService;
    private final Clock clock;
    private final Map<String, Set<String>> namesByDefinition = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(Set.of(), Instant.MIN);

    EventTypes(RepositoryService repositoryService, Clock clock) {
        this.repositoryService = repositoryService;
        this.clock = clock;
    }

    private record Snapshot(Set<String> types, Instant readAt) {
    }

    public boolean isKnown(String type) {
        return known().contains(type);
    }

    public Set<String> known() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current.readAt().plus(TTL).isAfter(now) && !current.types().isEmpty()) {
            return current.types();
        }
        Set<String> types = new TreeSet<>();
        List<ProcessDefinition> definitions = repositoryService.createProcessDefinitionQuery().list();
        for (ProcessDefinition definition : definitions) {
            types.addAll(namesByDefinition.computeIfAbsent(definition.getId(), this::messageNames));
        }
        Set<String> immutable = Set.copyOf(types);
        snapshot = new Snapshot(immutable, now);
        return immutable;
    }

    /** Forgets the cached list, e.g. right after a deployment on this node. */
    public void refresh() {
        snapshot = new Snapshot(Set.of(), Instant.MIN);
    }

    private Set<String> messageNames(String processDefinitionId) {
        BpmnModelInstance model = repositoryService.getBpmnModelInstance(processDefinitionId);
        Set<String> names = new HashSet<>();
        for (MessageEventDefinition definition : model.getModelElementsByType(MessageEventDefinition.class)) {
            if (definition.getMessage() != null && definition.getMessage().getName() != null) {
                names.add(definition.getMessage().getName());
            }
        }
        for (ReceiveTask task : model.getModelElementsByType(ReceiveTask.class)) {
            if (task.getMessage() != null && task.getMessage().getName() != null) {
                names.add(task.getMessage().getName());
            }
        }
        return Set.copyOf(names);
    }
}
