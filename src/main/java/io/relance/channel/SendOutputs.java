package io.relance.channel;

import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * What a send task leaves for the scenario: {@code sendStatus} ({@code sent} or {@code suppressed}),
 * {@code sendReason} and {@code communicationId}. A permanent failure throws the BPMN error {@code SEND_FAILED}
 * (catch it with an error boundary event to give the scenario its error path).
 */
public final class SendOutputs {

    public static final String ERROR_SEND_FAILED = "SEND_FAILED";

    private SendOutputs() {
    }

    public static void write(DelegateExecution execution, SendOutcome outcome) {
        ScenarioVariables.SEND_STATUS.set(execution, outcome.status().key());
        ScenarioVariables.SEND_REASON.set(execution, outcome.reason());
        ScenarioVariables.COMMUNICATION_ID.set(execution, outcome.communicationId());
        if (outcome.status() == SendStatus.FAILED) {
            throw new BpmnError(ERROR_SEND_FAILED, outcome.reason());
        }
    }
}
