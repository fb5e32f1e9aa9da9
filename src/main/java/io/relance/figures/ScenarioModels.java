package io.relance.figures;

import io.relance.scenario.EventType;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the figures need to know of the deployed scenarios, cached (deployed definitions never change): key, version,
 * name, goal event and attribution window of each definition (process extension properties {@code goal},
 * {@code attributionDays}), the exit of each end event (extension property {@code exit}).
 */
@Component
class ScenarioModels {

    static final String GOAL = "goal";
    static final String ATTRIBUTION_DAYS = "attributionDays";
    static final String EXIT = "exit";
    static final String DEFAULT_GOAL = EventType.ORDER_PLACED;
    static final int DEFAULT_ATTRIBUTION_DAYS = 5;
    /** An end event without an {@code exit} property. */
    static final String COMPLETED = "completed";

    /** One deployed version of a scenario. */
    record Definition(String id, String key, int version, String name, String goal, int attributionDays) {
    }

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final HistoryService history;
    private final Map<String, Definition> byId = new ConcurrentHashMap<>();
    private final Map<String, String> instanceDefinitions = new ConcurrentHashMap<>();
    private volatile Goals goals;

    ScenarioModels(RepositoryService repository, RuntimeService runtime, HistoryService history) {
        this.repository = repository;
        this.runtime = runtime;
        this.history = history;
    }

    Definition definition(String definitionId) {
        return byId.computeIfAbsent(definitionId, id -> describe(repository.getProcessDefinition(id)));
    }

    private Definition describe(ProcessDefinition definition) {
        BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
        Process process = model == null ? null : model.getModelElementById(definition.getKey());
        String goal = property(process, GOAL);
        String days = property(process, ATTRIBUTION_DAYS);
        int attributionDays = DEFAULT_ATTRIBUTION_DAYS;
        if (days != null) {
            try {
                attributionDays = Math.max(0, Integer.parseInt(days.strip()));
            } catch (NumberFormatException e) {
                attributionDays = DEFAULT_ATTRIBUTION_DAYS;
            }
        }
        return new Definition(definition.getId(), definition.getKey(), definition.getVersion(),
                definition.getName() == null ? definition.getKey() : definition.getName(),
                goal == null || goal.isBlank() ? DEFAULT_GOAL : goal.strip(), attributionDays);
    }

    /** The {@code exit} of an end event: its property, else {@value #COMPLETED}. */
    static String exitOf(BaseElement endEvent) {
        String exit = property(endEvent, EXIT);
        return exit == null || exit.isBlank() ? COMPLETED : exit.strip();
    }

    static String property(BaseElement element, String name) {
        if (element == null) {
            return null;
        }
        ExtensionElements extensions = element.getExtensionElements();
        if (extensions == null) {
            return null;
        }
        for (CamundaProperties properties : extensions.getChildElementsByType(CamundaProperties.class)) {
            for (CamundaProperty property : properties.getCamundaProperties()) {
                if (name.equals(property.getCamundaName())) {
                    return property.getCamundaValue();
                }
            }
        }
        return null;
    }

    /** The definition a process instance runs (a lookup by id the first time, then cached). */
    Optional<Definition> ofInstance(String processInstanceId) {
        String definitionId = instanceDefinitions.get(processInstanceId);
        if (definitionId == null) {
            ProcessInstance running = runtime.createProcessInstanceQuery().processInstanceId(processInstanceId)
                    .singleResult();
            if (running != null) {
                definitionId = running.getProcessDefinitionId();
            } else {
                HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery()
                        .processInstanceId(processInstanceId).singleResult();
                definitionId = ended == null ? null : ended.getProcessDefinitionId();
            }
            if (definitionId == null) {
                return Optional.empty();
            }
            if (instanceDefinitions.size() > 100_000) {
                instanceDefinitions.clear();
            }
            instanceDefinitions.put(processInstanceId, definitionId);
        }
        return Optional.of(definition(definitionId));
    }

    /** Remembers the definition of an instance seen starting (saves the lookup when it sends). */
    void instanceStarted(String processInstanceId, String definitionId) {
        if (instanceDefinitions.size() > 100_000) {
            instanceDefinitions.clear();
        }
        instanceDefinitions.put(processInstanceId, definitionId);
    }

    /** The latest version of each deployed scenario, by key. */
    List<Definition> latest() {
        return repository.createProcessDefinitionQuery().latestVersion().list().stream()
                .map(d -> definition(d.getId()))
                .sorted(Comparator.comparing(Definition::key)).toList();
    }

    /** The latest version of a scenario, or the given version. */
    Optional<Definition> find(String key, Integer version) {
        var query = repository.createProcessDefinitionQuery().processDefinitionKey(key);
        ProcessDefinition found = version == null ? query.latestVersion().singleResult()
                : query.processDefinitionVersion(version).singleResult();
        return Optional.ofNullable(found).map(d -> definition(d.getId()));
    }

    private final Map<String, List<String>> flowNodes = new ConcurrentHashMap<>();

    /** The ids of a definition's elements (flow nodes), in document order. */
    List<String> elementIds(Definition definition) {
        return flowNodes.computeIfAbsent(definition.id(), id -> {
            BpmnModelInstance model = repository.getBpmnModelInstance(id);
            return model == null ? List.of() : model.getModelElementsByType(
                            org.camunda.bpm.model.bpmn.instance.FlowNode.class).stream()
                    .map(org.camunda.bpm.model.bpmn.instance.FlowNode::getId).toList();
        });
    }

    /** The deployed BPMN XML of a definition. */
    java.io.InputStream xml(Definition definition) {
        return repository.getProcessModel(definition.id());
    }

    /** Which event types are some scenario's goal, and the longest attribution window (refreshed each minute). */
    record Goals(java.util.Set<String> types, int longestDays, long loadedAt) {
    }

    Goals goals() {
        Goals current = goals;
        if (current == null || System.currentTimeMillis() - current.loadedAt() > 60_000) {
            java.util.Set<String> types = new java.util.HashSet<>();
            int longest = 0;
            for (ProcessDefinition d : repository.createProcessDefinitionQuery().list()) {
                Definition definition = definition(d.getId());
                types.add(definition.goal());
                longest = Math.max(longest, definition.attributionDays());
            }
            current = new Goals(java.util.Set.copyOf(types), longest, System.currentTimeMillis());
            goals = current;
        }
        return current;
    }

    private final Map<String, Optional<Definition>> byVersion = new ConcurrentHashMap<>();

    /** A version of a scenario (cached: the scenario of a message, for its goal and window). */
    Optional<Definition> version(String key, int version) {
        Optional<Definition> found = byVersion.get(key + ":" + version);
        if (found == null) {
            found = find(key, Integer.valueOf(version));
            if (found.isPresent()) {
                byVersion.put(key + ":" + version, found);
            }
        }
        return found;
    }
}
