package io.relance.event;

import io.relance.scenario.StartMessageAliases;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
    private volatile Snapshot snapshot = new Snapshot(Set.of(), Map.of(), Instant.MIN);

    EventTypes(RepositoryService repositoryService, Clock clock) {
        this.repositoryService = repositoryService;
        this.clock = clock;
    }

    private record Snapshot(Set<String> types, Map<String, List<String>> startAliases, Instant readAt) {
    }

    public boolean isKnown(String type) {
        return known().contains(type);
    }

    /** Event types that some deployed version starts with or waits for. */
    public Set<String> known() {
        return snapshot().types();
    }

    /** The start-message aliases ({@code <type>#<process>}) of the latest scenario versions starting on this type. */
    public List<String> startAliases(String type) {
        return snapshot().startAliases().getOrDefault(type, List.of());
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current.readAt().plus(TTL).isAfter(now) && !current.types().isEmpty()) {
            return current;
        }
        Set<String> types = new TreeSet<>();
        for (ProcessDefinition definition : repositoryService.createProcessDefinitionQuery().list()) {
            for (String name : namesByDefinition.computeIfAbsent(definition.getId(), this::messageNames)) {
                types.add(StartMessageAliases.eventType(name));
            }
        }
        Map<String, List<String>> aliases = new HashMap<>();
        for (ProcessDefinition latest : repositoryService.createProcessDefinitionQuery().latestVersion().list()) {
            for (String name : namesByDefinition.computeIfAbsent(latest.getId(), this::messageNames)) {
                if (StartMessageAliases.isAlias(name)) {
                    aliases.computeIfAbsent(StartMessageAliases.eventType(name), t -> new ArrayList<>()).add(name);
                }
            }
        }
        Snapshot fresh = new Snapshot(Set.copyOf(types), Map.copyOf(aliases), now);
        snapshot = fresh;
        return fresh;
    }

    /** Forgets the cached list, e.g. right after a deployment on this node. */
    public void refresh() {
        snapshot = new Snapshot(Set.of(), Map.of(), Instant.MIN);
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
