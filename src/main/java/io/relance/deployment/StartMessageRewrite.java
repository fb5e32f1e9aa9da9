package io.relance.deployment;

import io.relance.scenario.StartMessageAliases;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Definitions;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;

/**
 * Gives each process-level message start event a message of its own, {@code <EventType>#<processKey>} (see
 * {@link StartMessageAliases}): Camunda 7 lets only one process definition start on a given message name.
 */
final class StartMessageRewrite {

    private StartMessageRewrite() {
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
                    if (message == null || message.getName() == null || StartMessageAliases.isAlias(message.getName())) {
                        continue;
                    }
                    Message alias = model.newInstance(Message.class);
                    alias.setId("Message_" + start.getId() + "_Start");
                    alias.setName(StartMessageAliases.alias(message.getName(), process.getId()));
                    definitions.getRootElements().add(alias);
                    definition.setMessage(alias);
                    changed = true;
                }
            }
        }
        return changed ? Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8) : bpmn;
    }
}
