package io.relance.broadcast;

import io.relance.scenario.BroadcastScenario;
import io.relance.scenario.ProcessVariable;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * {@code ${broadcastRecipients}}: registers the recipients of the broadcast {@code broadcastId}, or — in a scheduled
 * broadcast such as the monthly newsletter — of a broadcast it creates from the task's inputs {@code name},
 * {@code messageType} and {@code channel} (one per scenario instance, resumed if the job is retried). Each job
 * registers for at most {@code relance.broadcast.registration-slice} (20 s, well within the job lock) and says whether
 * all are registered ({@code recipientsRegistered}); the diagram loops back to the task for the next slice. A task
 * not followed by a gateway (an instance of a diagram version before slices) registers everyone in one job.
 */
@Component("broadcastRecipients")
class BroadcastRecipientsDelegate implements JavaDelegate {

    private final BroadcastService broadcasts;
    private final java.time.Duration slice;

    BroadcastRecipientsDelegate(BroadcastService broadcasts,
                                @org.springframework.beans.factory.annotation.Value(
                                        "${relance.broadcast.registration-slice:PT20S}") java.time.Duration slice) {
        this.broadcasts = broadcasts;
        if (slice.isNegative() || slice.isZero()) {
            throw new IllegalArgumentException("relance.broadcast.registration-slice must be positive, was " + slice);
        }
        this.slice = slice;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String given = BroadcastScenario.BROADCAST_ID.get(execution);
        String id;
        if (given != null) {
            id = given;
        } else {
            id = UUID.nameUUIDFromBytes(execution.getProcessInstanceId().getBytes(StandardCharsets.UTF_8))
                    .toString();
            if (broadcasts.find(id).isEmpty()) {
                broadcasts.create(id, new BroadcastRequest(string(execution, BroadcastScenario.NAME),
                        string(execution, ScenarioVariables.MESSAGE_TYPE), string(execution, BroadcastScenario.CHANNEL), null, null, null));
            }
            BroadcastScenario.BROADCAST_ID.set(execution.getProcessInstance(), id);
        }
        BroadcastService.Registration registration = broadcasts.registerRecipients(id,
                decidesAfter(execution) ? slice : null);
        // On the instance: the task's input mappings make a scope of its own, and the gateway after it reads these.
        BroadcastScenario.RECIPIENTS.set(execution.getProcessInstance(), registration.recipients());
        BroadcastScenario.REGISTERED.set(execution.getProcessInstance(), registration.done());
    }

    /**
     * Whether the task is followed by a gateway (that can loop back for the next slice); a diagram without one (an
     * instance of an older version, a designer's own) registers every recipient in one job, as before slices.
     */
    private static boolean decidesAfter(DelegateExecution execution) {
        org.camunda.bpm.model.bpmn.instance.FlowElement element = execution.getBpmnModelElementInstance();
        return element instanceof org.camunda.bpm.model.bpmn.instance.FlowNode node && node.getOutgoing().stream()
                .anyMatch(flow -> flow.getTarget() instanceof org.camunda.bpm.model.bpmn.instance.Gateway);
    }

    private static String string(DelegateExecution execution, ProcessVariable<String> variable) {
        String text = variable.get(execution);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Task '" + execution.getCurrentActivityId() + "' has no input '"
                    + variable.name() + "'");
        }
        return text;
    }
}
