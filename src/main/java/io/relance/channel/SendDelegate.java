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

    protected SendDelegate(SendRequests requests, MessagingService messaging, MessageChannel channel) {
        this.requests = requests;
        this.messaging = messaging;
        this.channel = channel;
    }

    @Override
    public void execute(DelegateExecution execution) {
        SendOutputs.write(execution, messaging.send(requests.from(execution, channel)));
    }
}
