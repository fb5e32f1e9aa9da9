package io.relance.channel.sms;

import io.relance.channel.MessageChannel;
import io.relance.channel.MessagingService;
import io.relance.channel.SendDelegate;
import io.relance.channel.SendRequests;
import io.relance.channel.UnknownOutcomeJobs;
import org.springframework.stereotype.Component;

/** {@code camunda:delegateExpression="${sendSms}"}: inputs messageType and category. */
@Component("sendSms")
class SendSmsDelegate extends SendDelegate {

    SendSmsDelegate(SendRequests requests, MessagingService messaging, UnknownOutcomeJobs unknownOutcomes) {
        super(requests, messaging, unknownOutcomes, MessageChannel.SMS);
    }
}
