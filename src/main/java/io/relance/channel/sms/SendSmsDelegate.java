package io.relance.channel.sms;

import io.relance.channel.MessageChannel;
import io.relance.channel.MessagingService;
import io.relance.channel.SendOutputs;
import io.relance.channel.SendRequests;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code camunda:delegateExpression="${sendSms}"}: inputs messageType and category. */
@Component("sendSms")
class SendSmsDelegate implements JavaDelegate {

    private final SendRequests requests;
    private final MessagingService messaging;

    SendSmsDelegate(SendRequests requests, MessagingService messaging) {
        this.requests = requests;
        this.messaging = messaging;
    }

    @Override
    public void execute(DelegateExecution execution) {
        SendOutputs.write(execution, messaging.send(requests.from(execution, MessageChannel.SMS)));
    }
}
