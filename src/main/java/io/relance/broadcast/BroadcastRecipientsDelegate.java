package io.relance.broadcast;

import io.relance.scenario.BroadcastScenario;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * {@code ${broadcastRecipients}}: registers the recipients of the broadcast {@code broadcastId}, or — in a scheduled
 * broadcast such as the monthly newsletter — of a broadcast it creates from the task's inputs {@code name},
 * {@code messageType} and {@code channel} (one per scenario instance, resumed if the job is retried).
 */
@Component("broadcastRecipients")
class BroadcastRecipientsDelegate implements JavaDelegate {

    private final BroadcastService broadcasts;

    BroadcastRecipientsDelegate(BroadcastService broadcasts) {
        this.broadcasts = broadcasts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object given = execution.getVariable(BroadcastScenario.BROADCAST_ID);
        String id;
        if (given instanceof String broadcastId) {
            id = broadcastId;
        } else {
            id = UUID.nameUUIDFromBytes(execution.getProcessInstanceId().getBytes(StandardCharsets.UTF_8))
                    .toString();
            if (broadcasts.find(id).isEmpty()) {
                broadcasts.create(id, new BroadcastRequest(string(execution, "name"),
                        string(execution, "messageType"), string(execution, "channel"), null, null, null));
            }
            execution.setVariable(BroadcastScenario.BROADCAST_ID, id);
        }
        execution.setVariable(BroadcastScenario.RECIPIENTS, broadcasts.registerRecipients(id));
    }

    private static String string(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("Task '" + execution.getCurrentActivityId() + "' has no input '"
                    + name + "'");
        }
        return text;
    }
}
