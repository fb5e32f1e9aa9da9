package io.relance.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.spin.json.SpinJsonNode;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a {@link SendRequest} from a send task's execution: inputs {@code messageType} and {@code category}
 * (task input parameters), the contact (business key), the scenario's variables for the template, and the
 * idempotency key.
 * <p>
 * The key is {@code <process instance>:<activity>[#<loop counter>]:<n>} where n counts the finished passes of the
 * activity in the instance: a retry of a rolled-back attempt finds the same n (the attempt left no trace), a later
 * pass through the same activity (a loop) gets the next one. It needs history level {@code activity} or above.
 */
@Component
public class SendRequests {


    private final HistoryService historyService;
    private final RepositoryService repositoryService;
    private final ObjectMapper objectMapper;
    /** Constant inputs by process definition id and activity id (a deployed definition never changes). */
    private final Map<String, Map<String, String>> constantInputs = new ConcurrentHashMap<>();

    SendRequests(HistoryService historyService, RepositoryService repositoryService, ObjectMapper objectMapper) {
        this.historyService = historyService;
        this.repositoryService = repositoryService;
        this.objectMapper = objectMapper;
    }

    public SendRequest from(DelegateExecution execution, MessageChannel channel) {
        return from(execution, channel, (Category) null);
    }

    /**
     * The request of a task whose category is not an input of its own (a call-back's reservation): the given one
     * (null: the input {@code category}). Same message type input, contact and idempotency key otherwise.
     */
    public SendRequest from(DelegateExecution execution, MessageChannel channel, Category category) {
        String type = ScenarioVariables.MESSAGE_TYPE.get(execution);
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("Send task '" + execution.getCurrentActivityId()
                    + "' has no input 'messageType' (the key of its template and of its priority row)");
        }
        if (category == null) {
            category = Category.parse(ScenarioVariables.CATEGORY.get(execution));
        }
        String contactId = execution.getProcessBusinessKey();
        if (contactId == null) {
            throw new IllegalStateException("Scenario instance " + execution.getProcessInstanceId()
                    + " has no business key: it must be started by an event of a contact");
        }
        String scenario = execution.getProcessDefinitionId().split(":")[0];
        return new SendRequest(contactId, scenario, execution.getProcessInstanceId(),
                execution.getCurrentActivityId(), idempotencyKey(execution), channel, type.strip(),
                category, templateVariables(execution));
    }

    String idempotencyKey(DelegateExecution execution) {
        String activity = execution.getCurrentActivityId();
        Number loopCounter = ScenarioVariables.LOOP_COUNTER.getLocal(execution);
        String countedActivity = loopCounter == null ? activity : activity + "#multiInstanceBody";
        long passes = historyService.createHistoricActivityInstanceQuery()
                .processInstanceId(execution.getProcessInstanceId())
                .activityId(countedActivity).finished().count();
        return execution.getProcessInstanceId() + ":" + activity + (loopCounter == null ? "" : "#" + loopCounter)
                + ":" + passes;
    }

    /**
     * The request of a send task waiting as an external task (arbitrated commercial sends): same inputs (its
     * variables, and its constant inputs read from its deployed diagram, see {@link SendTaskInputs}); the key is
     * {@code <process instance>:<activity>:<external task id>} (one external task per pass, kept across retries).
     */
    public SendRequest from(ExternalTask task, Map<String, Object> variables, MessageChannel channel) {
        Map<String, String> constants = constantInputs.computeIfAbsent(
                task.getProcessDefinitionId() + "\n" + task.getActivityId(), key -> SendTaskInputs.constants(
                        repositoryService.getBpmnModelInstance(task.getProcessDefinitionId()), task.getActivityId()));
        return fromTask(task.getId(), task.getActivityId(), task.getBusinessKey(), task.getProcessInstanceId(),
                task.getProcessDefinitionKey(), SendTaskInputs.withConstants(variables, constants), channel);
    }

    /**
     * The same, from a task just fetched and locked with its variables and its extension properties (no further
     * query).
     */
    public SendRequest from(LockedExternalTask task, MessageChannel channel) {
        return fromTask(task.getId(), task.getActivityId(), task.getBusinessKey(), task.getProcessInstanceId(),
                task.getProcessDefinitionKey(), SendTaskInputs.seenBy(task), channel);
    }

    private SendRequest fromTask(String taskId, String activityId, String businessKey, String processInstanceId,
                                 String processDefinitionKey, Map<String, Object> variables, MessageChannel channel) {
        String type = ScenarioVariables.MESSAGE_TYPE.from(variables);
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("Send task '" + activityId
                    + "' has no input 'messageType' (the key of its template and of its priority row)");
        }
        if (businessKey == null) {
            throw new IllegalStateException("Scenario instance " + processInstanceId
                    + " has no business key: it must be started by an event of a contact");
        }
        String category = ScenarioVariables.CATEGORY.from(variables);
        return new SendRequest(businessKey, processDefinitionKey, processInstanceId, activityId,
                processInstanceId + ":" + activityId + ":" + taskId, channel, type.strip(), Category.parse(category),
                templateVariables(variables));
    }

    private Map<String, Object> templateVariables(DelegateExecution execution) {
        return templateVariables(execution.getVariables());
    }

    /** Plain values (strings, numbers, booleans, dates, JSON as maps and lists) usable by a template. */
    public Map<String, Object> templateVariables(Map<String, Object> source) {
        Map<String, Object> variables = new HashMap<>();
        source.forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean
                    || value instanceof Date) {
                variables.put(name, value);
            } else if (value instanceof SpinJsonNode json) {
                try {
                    variables.put(name, objectMapper.readValue(json.toString(), Object.class));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("Variable '" + name + "' is not readable JSON", e);
                }
            }
        });
        return variables;
    }
}
