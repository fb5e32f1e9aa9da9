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
            BroadcastScenario.BROADCAST_ID.set(execution, id);
        }
        BroadcastScenario.RECIPIENTS.set(execution, broadcasts.registerRecipients(id));
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
