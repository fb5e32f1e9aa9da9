package io.relance.channel.email;

import io.relance.channel.MessageChannel;
import io.relance.channel.MessagingService;
import io.relance.channel.SendDelegate;
import io.relance.channel.SendRequests;
import org.springframework.stereotype.Component;

/** {@code camunda:delegateExpression="${sendEmail}"}: inputs messageType and category. */
@Component("sendEmail")
class SendEmailDelegate extends SendDelegate {

    SendEmailDelegate(SendRequests requests, MessagingService messaging) {
        super(requests, messaging, MessageChannel.EMAIL);
    }
}
