package io.relance.pressure;

import io.relance.channel.MessageChannel;
import io.relance.channel.SendTaskInputs;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.SendTask;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commercial send tasks wait for their arbitration. Designers draw them as ordinary email/SMS tasks (the element
 * templates); at deployment, each one whose {@code category} input is not {@code transactional} becomes an external
 * task of topic {@code relance.arbitrated.<channel>} — a wait state in Cockpit — that {@link ArbitrationWorker}
 * completes with the outcome ({@code sendStatus} sent or suppressed, or the error {@code SEND_FAILED}). Transactional
 * sends keep their delegate and go out at once.
 * <p>
 * An external task is a wait state by itself: the {@code asyncBefore} of the element templates is dropped from these
 * tasks, so that the transaction that reaches the send (the event's intake, a timer, a reaction) creates the waiting
 * task directly instead of a job that a job executor thread must take, run and delete first (one engine transaction
 * fewer per commercial message). Transactional sends keep it: their delegate calls the provider.
 * <p>
 * Their constant inputs ({@code messageType}, {@code category}, any input of plain text) become extension properties
 * of the task ({@link SendTaskInputs}), read with the task by the worker: as inputs, the engine would give the task a
 * scope of its own and write, keep in history and delete two or more variables for every message. Inputs holding an
 * expression stay inputs, evaluated in the transaction that reaches the task.
 */
public final class ArbitratedSends {

    private static final Map<String, MessageChannel> DELEGATES = Map.of(
            "${sendEmail}", MessageChannel.EMAIL, "${sendSms}", MessageChannel.SMS);

    private ArbitratedSends() {
    }

    /** The BPMN to deploy: unchanged when it has no commercial send task. */
    public static byte[] apply(byte[] bpmn) {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn));
        boolean changed = false;
        for (Activity task : model.getModelElementsByType(Activity.class)) {
            if (!(task instanceof ServiceTask) && !(task instanceof SendTask)) {
                continue;
            }
            String delegate = task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "delegateExpression");
            MessageChannel channel = delegate == null ? null : DELEGATES.get(delegate.strip());
            if (channel == null || "transactional".equals(category(task))) {
                continue;
            }
            task.removeAttributeNs("http://camunda.org/schema/1.0/bpmn", "delegateExpression");
            task.setAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "type", "external");
            task.setAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "topic", ArbitrationWorker.topic(channel));
            task.removeAttributeNs("http://camunda.org/schema/1.0/bpmn", "asyncBefore");
            constantInputsAsProperties(model, task);
            changed = true;
        }
        return changed ? Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8) : bpmn;
    }

    /**
     * Moves the inputs whose value is plain text (no expression, script, list or map) to extension properties named
     * {@link SendTaskInputs#PROPERTY_PREFIX}{@code <input>}; the input/output element goes when nothing is left in it.
     * A property of such a name that the diagram already has goes when the task has an input of that name.
     */
    private static void constantInputsAsProperties(BpmnModelInstance model, Activity task) {
        ExtensionElements extensions = task.getExtensionElements();
        if (extensions == null) {
            return;
        }
        List<CamundaInputParameter> inputs = extensions.getChildElementsByType(CamundaInputOutput.class).stream()
                .flatMap(io -> io.getCamundaInputParameters().stream()).toList();
        // An input wins over a property of that name (a name Relance keeps for them).
        Set<String> named = new HashSet<>();
        inputs.forEach(input -> named.add(SendTaskInputs.PROPERTY_PREFIX + input.getCamundaName()));
        for (CamundaProperties properties : extensions.getChildElementsByType(CamundaProperties.class)) {
            List<CamundaProperty> replaced = properties.getCamundaProperties().stream()
                    .filter(property -> named.contains(property.getCamundaName())).toList();
            replaced.forEach(property -> properties.getCamundaProperties().remove(property));
        }
        List<CamundaProperty> moved = new ArrayList<>();
        for (CamundaInputOutput io : extensions.getChildElementsByType(CamundaInputOutput.class)) {
            for (CamundaInputParameter input : new ArrayList<>(io.getCamundaInputParameters())) {
                String text = input.getTextContent();
                boolean plainText = input.getCamundaName() != null && text != null && !text.isEmpty()
                        && input.getDomElement().getChildElements().isEmpty()
                        && !text.contains("${") && !text.contains("#{");
                if (!plainText) {
                    continue;
                }
                CamundaProperty property = model.newInstance(CamundaProperty.class);
                property.setCamundaName(SendTaskInputs.PROPERTY_PREFIX + input.getCamundaName());
                property.setCamundaValue(text);
                moved.add(property);
                io.getCamundaInputParameters().remove(input);
            }
            if (io.getCamundaInputParameters().isEmpty() && io.getCamundaOutputParameters().isEmpty()) {
                extensions.removeChildElement(io);
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        CamundaProperties properties = extensions.getChildElementsByType(CamundaProperties.class).stream()
                .findFirst().orElseGet(() -> extensions.addExtensionElement(CamundaProperties.class));
        moved.forEach(property -> properties.getCamundaProperties().add(property));
    }

    private static String category(Activity task) {
        if (task.getExtensionElements() == null) {
            return null;
        }
        for (CamundaInputOutput io : task.getExtensionElements().getChildElementsByType(CamundaInputOutput.class)) {
            for (CamundaInputParameter parameter : io.getCamundaInputParameters()) {
                if ("category".equals(parameter.getCamundaName())) {
                    String text = parameter.getTextContent();
                    return text == null ? null : text.strip();
                }
            }
        }
        return null;
    }
}
