package io.relance.channel.webhook;

import io.relance.channel.MessageChannel;
import io.relance.channel.MessagingService;
import io.relance.channel.SendDelegate;
import io.relance.channel.SendRequests;
import io.relance.channel.UnknownOutcomeJobs;
import org.springframework.stereotype.Component;

/** {@code camunda:delegateExpression="${callWebhook}"}: inputs messageType, category and optionally webhookUrl. */
@Component("callWebhook")
class CallWebhookDelegate extends SendDelegate {

    CallWebhookDelegate(SendRequests requests, MessagingService messaging, UnknownOutcomeJobs unknownOutcomes) {
        super(requests, messaging, unknownOutcomes, MessageChannel.WEBHOOK);
    }
}
