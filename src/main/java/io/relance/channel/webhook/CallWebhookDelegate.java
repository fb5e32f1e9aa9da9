package io.relance.channel.webhook;

import io.relance.channel.MessageChannel;
import io.relance.channel.MessagingService;
import io.relance.channel.SendOutputs;
import io.relance.channel.SendRequests;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code camunda:delegateExpression="${callWebhook}"}: inputs messageType, category and optionally webhookUrl. */
@Component("callWebhook")
class CallWebhookDelegate implements JavaDelegate {

    private final SendRequests requests;
    private final MessagingService messaging;

    CallWebhookDelegate(SendRequests requests, MessagingService messaging) {
        this.requests = requests;
        this.messaging = messaging;
    }

    @Override
    public void execute(DelegateExecution execution) {
        SendOutputs.write(execution, messaging.send(requests.from(execution, MessageChannel.WEBHOOK)));
    }
}
