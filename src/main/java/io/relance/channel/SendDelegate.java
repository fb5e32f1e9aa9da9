package io.relance.channel;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * The send task of one channel: reads the task's inputs, hands the message to the {@link MessagingService}, writes
 * the outcome ({@link SendOutputs}). Subclasses only name the channel and the bean.
 */
public abstract class SendDelegate implements JavaDelegate {

    private final SendRequests requests;
    private final MessagingService messaging;
    private final MessageChannel channel;
    private final UnknownOutcomeJobs unknownOutcomes;

    protected SendDelegate(SendRequests requests, MessagingService messaging, UnknownOutcomeJobs unknownOutcomes,
                           MessageChannel channel) {
        this.requests = requests;
        this.messaging = messaging;
        this.unknownOutcomes = unknownOutcomes;
        this.channel = channel;
    }

    /**
     * A send whose outcome is unknown fails the job, which then gets no further retry: an incident at once, for an
     * operator (see {@link SendOutcomeUnknownException}).
     */
    @Override
    public void execute(DelegateExecution execution) {
        SendRequest request = requests.from(execution, channel);
        SendOutcome outcome;
        try {
            outcome = messaging.send(request);
        } catch (SendOutcomeUnknownException e) {
            unknownOutcomes.noRetry(execution.getProcessInstanceId(), execution.getCurrentActivityId(),
                    e.communicationId());
            throw e;
        }
        SendOutputs.write(execution, outcome);
    }
}
