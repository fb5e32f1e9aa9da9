package io.relance.channel.email;

import io.relance.channel.MessageChannel;
import io.relance.channel.MessagingService;
import io.relance.channel.SendDelegate;
import io.relance.channel.SendRequests;
import io.relance.channel.UnknownOutcomeJobs;
import org.springframework.stereotype.Component;

/** {@code camunda:delegateExpression="${sendEmail}"}: inputs messageType and category. */
@Component("sendEmail")
class SendEmailDelegate extends SendDelegate {

    SendEmailDelegate(SendRequests requests, MessagingService messaging, UnknownOutcomeJobs unknownOutcomes) {
        super(requests, messaging, unknownOutcomes, MessageChannel.EMAIL);
    }
}
