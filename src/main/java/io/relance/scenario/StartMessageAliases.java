package io.relance.scenario;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Definitions;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Camunda 7 lets only one process definition start on a given message name, while several Relance scenarios may
 * start on the same event (an order confirms and may also start a first-purchase series). At deployment, each
 * process-level message start event therefore gets a message of its own, named {@code <EventType>#<processKey>};
 * the event intake starts every scenario whose start message is {@code <EventType>} or {@code <EventType>#...}.
 * Designers keep plain event names in the Modeler; catch events (waiting instances) keep them too.
 */
public final class StartMessageAliases {

    public static final char SEPARATOR = '#';

    private StartMessageAliases() {
    }

    /** The event type a deployed message name stands for. */
    public static String eventType(String messageName) {
        int separator = messageName.indexOf(SEPARATOR);
        return separator < 0 ? messageName : messageName.substring(0, separator);
    }

    public static boolean isAlias(String messageName) {
        return messageName.indexOf(SEPARATOR) > 0;
    }

    /** The BPMN to deploy: unchanged when it has no message start event, else with aliased start messages. */
    static byte[] apply(byte[] bpmn) {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn));
        Definitions definitions = model.getDefinitions();
        boolean changed = false;
        for (Process process : model.getModelElementsByType(Process.class)) {
            for (StartEvent start : process.getChildElementsByType(StartEvent.class)) {
                for (MessageEventDefinition definition : start.getChildElementsByType(MessageEventDefinition.class)) {
                    Message message = definition.getMessage();
                    if (message == null || message.getName() == null || isAlias(message.getName())) {
                        continue;
                    }
                    Message alias = model.newInstance(Message.class);
                    alias.setId("Message_" + start.getId() + "_Start");
                    alias.setName(message.getName() + SEPARATOR + process.getId());
                    definitions.getRootElements().add(alias);
                    definition.setMessage(alias);
                    changed = true;
                }
            }
        }
        return changed ? Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8) : bpmn;
    }
}
