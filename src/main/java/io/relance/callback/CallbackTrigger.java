package io.relance.callback;

import io.relance.scenario.LeadCallback;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.springframework.stereotype.Component;

/**
 * Execution listener ({@code end}) of a call-back scenario's message start events, bound as
 * {@code ${callbackTrigger}}: keeps the name of the message that started the instance (e.g. {@code FormSubmitted}) in
 * the variable {@code trigger}, so that the call-back task tells the rep why to call when several events start the
 * same scenario.
 */
@Component("callbackTrigger")
class CallbackTrigger implements ExecutionListener {

    @Override
    public void notify(DelegateExecution execution) {
        FlowElement element = execution.getBpmnModelElementInstance();
        if (element instanceof StartEvent start) {
            start.getEventDefinitions().stream()
                    .filter(MessageEventDefinition.class::isInstance)
                    .map(definition -> ((MessageEventDefinition) definition).getMessage())
                    .filter(message -> message != null && message.getName() != null)
                    .findFirst()
                    .ifPresent(message -> LeadCallback.TRIGGER.set(execution,
                            io.relance.scenario.StartMessageAliases.eventType(message.getName())));
        }
    }
}
