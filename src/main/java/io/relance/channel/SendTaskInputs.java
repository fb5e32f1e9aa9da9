package io.relance.channel;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

import java.util.HashMap;
import java.util.Map;

/**
 * The constant inputs of a send task waiting for its arbitration ({@code messageType}, {@code category}, any input
 * whose value is plain text), as Relance deploys them: extension properties of the task named
 * {@value #PROPERTY_PREFIX}{@code <input>}, read with the task, instead of local variables the engine would write,
 * keep in history and delete again for every message (with a scope of their own). Inputs holding an expression stay
 * inputs, evaluated when the task is reached.
 */
public final class SendTaskInputs {

    /** Prefix of the extension property holding a constant input of a deployed send task. */
    public static final String PROPERTY_PREFIX = "relance.input.";

    private SendTaskInputs() {
    }

    /** The constant inputs among a task's extension properties (as a fetch and lock returns them), by input name. */
    public static Map<String, String> constants(Map<String, String> extensionProperties) {
        Map<String, String> constants = new HashMap<>();
        if (extensionProperties != null) {
            extensionProperties.forEach((name, value) -> {
                if (name != null && name.startsWith(PROPERTY_PREFIX) && value != null) {
                    constants.put(name.substring(PROPERTY_PREFIX.length()), value);
                }
            });
        }
        return constants;
    }

    /** The constant inputs of an activity of a deployed diagram (none when it has no such property). */
    public static Map<String, String> constants(BpmnModelInstance model, String activityId) {
        Map<String, String> properties = new HashMap<>();
        BaseElement element = model == null ? null : model.getModelElementById(activityId);
        if (element != null && element.getExtensionElements() != null) {
            for (CamundaProperties list : element.getExtensionElements()
                    .getChildElementsByType(CamundaProperties.class)) {
                for (CamundaProperty property : list.getCamundaProperties()) {
                    properties.put(property.getCamundaName(), property.getCamundaValue());
                }
            }
        }
        return constants(properties);
    }

    /**
     * What a task fetched and locked with its variables and extension properties sees: its variables, its constant
     * inputs over them.
     */
    public static Map<String, Object> seenBy(LockedExternalTask task) {
        return withConstants(task.getVariables(), constants(task.getExtensionProperties()));
    }

    /**
     * What the task sees: its variables, its constant inputs over them (an input hides a variable of the same name,
     * as a local variable does).
     */
    public static Map<String, Object> withConstants(Map<String, Object> variables, Map<String, String> constants) {
        if (constants.isEmpty()) {
            return variables;
        }
        Map<String, Object> seen = new HashMap<>(variables);
        seen.putAll(constants);
        return seen;
    }
}
