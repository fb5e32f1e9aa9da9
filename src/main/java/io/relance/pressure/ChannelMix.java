package io.relance.pressure;

import io.relance.channel.Category;
import io.relance.channel.MessageChannel;
import io.relance.channel.SendRequest;
import io.relance.contact.ContactReach;
import io.relance.contact.ContactView;
import io.relance.scenario.ScenarioVariables;
import io.relance.scenario.SmsFollowUp;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The channel mix of commercial messages drawn as emails ({@code dmn/channel-choice.dmn}), applied by the arbitration
 * worker to every commercial "Send email" task of every scenario, so no diagram changes: when the task is taken, a
 * message the table sends by {@code sms} becomes an SMS of the same message type (arbitrated as an SMS: consent,
 * quiet hours, SMS caps); once the email is sent, {@code email-then-sms} starts the SMS follow-up
 * ({@code bpmn/sms-follow-up.bpmn}) that sends the SMS unless that email is opened or clicked within {@code smsAfter}.
 */
@Component
public class ChannelMix {

    /** The contact attribute the table reads as {@code preferredChannel}. */
    public static final String PREFERRED_CHANNEL_ATTRIBUTE = "preferredChannel";

    private static final Logger log = LoggerFactory.getLogger(ChannelMix.class);

    /** Variables of the sending scenario that belong to its send task, not to the message. */
    private static final Set<String> NOT_COPIED = Set.of(ScenarioVariables.MESSAGE_TYPE.name(),
            ScenarioVariables.CATEGORY.name(), ScenarioVariables.SEND_STATUS.name(),
            ScenarioVariables.SEND_REASON.name(), ScenarioVariables.COMMUNICATION_ID.name(),
            ScenarioVariables.CHANNEL.name());

    private final MessageRules rules;
    private final RuntimeService runtime;
    private final HistoryService history;

    ChannelMix(MessageRules rules, RuntimeService runtime, HistoryService history) {
        this.rules = rules;
        this.runtime = runtime;
        this.history = history;
    }

    /** What the table answers for this message to this contact (email for anything but a commercial email). */
    public MessageRules.Route route(SendRequest request, ContactView contact) {
        if (request.channel() != MessageChannel.EMAIL || request.category() == Category.TRANSACTIONAL
                || contact == null) {
            return MessageRules.Route.EMAIL;
        }
        String tier = rules.valueTier(contact.attributes());
        if (rules.rank(request.messageType(), MessageChannel.EMAIL, tier).category() != Category.COMMERCIAL) {
            return MessageRules.Route.EMAIL;
        }
        Object preferred = contact.attributes().get(PREFERRED_CHANNEL_ATTRIBUTE);
        return rules.route(request.messageType(), ContactReach.bySms(contact), tier,
                preferred instanceof String text && !text.isBlank() ? text.strip() : null);
    }

    /**
     * The request on the channel it takes for this contact (read by the caller; null: it does not exist): an SMS
     * when the table says {@code sms}, else as drawn.
     */
    SendRequest channelOf(SendRequest request, ContactView contact) {
        return route(request, contact).mix() == MessageRules.Mix.SMS ? request.withChannel(MessageChannel.SMS)
                : request;
    }

    /**
     * A message of a send task that was sent: its request, its communication id and its contact as read for the send
     * (null: it no longer exists).
     */
    record Sent(SendRequest request, String communicationId, ContactView contact) {
    }

    /**
     * Messages of a delivery round were sent: {@link #emailSent} for each email, with the contact its delivery read. A
     * follow-up that cannot start is logged; the others start.
     */
    void sent(List<Sent> sent) {
        for (Sent email : sent) {
            if (email.request().channel() != MessageChannel.EMAIL) {
                continue;
            }
            try {
                emailSent(email.request(), email.communicationId(), email.contact());
            } catch (RuntimeException e) {
                log.error("Email {} '{}' to contact {} was sent, but its SMS follow-up could not start: {}",
                        email.communicationId(), email.request().messageType(), email.request().contactId(),
                        e.toString(), e);
            }
        }
    }

    /**
     * A commercial email was sent to this contact (as read for its send; null: it no longer exists): when the table
     * says {@code email-then-sms}, starts its SMS follow-up (once per email: a retried delivery finds it started).
     */
    private void emailSent(SendRequest request, String communicationId, ContactView contact) {
        MessageRules.Route route = route(request, contact);
        if (route.mix() != MessageRules.Mix.EMAIL_THEN_SMS) {
            return;
        }
        if (history.createHistoricProcessInstanceQuery().processDefinitionKey(SmsFollowUp.PROCESS_KEY)
                .variableValueEquals(SmsFollowUp.FOLLOWED_COMMUNICATION_ID.name(), communicationId).count() > 0) {
            return;
        }
        VariableMap variables = Variables.createVariables();
        request.variables().forEach((name, value) -> {
            if (!NOT_COPIED.contains(name) && (value instanceof String || value instanceof Number
                    || value instanceof Boolean || value instanceof Date)) {
                variables.putValue(name, value);
            }
        });
        SmsFollowUp.FOLLOWED_COMMUNICATION_ID.put(variables, communicationId);
        SmsFollowUp.FOLLOWED_MESSAGE_TYPE.put(variables, request.messageType());
        SmsFollowUp.FOLLOWED_SCENARIO.put(variables, request.scenario());
        SmsFollowUp.SMS_AFTER.put(variables, route.smsAfter().toString());
        ScenarioVariables.CONTACT_ID.put(variables, request.contactId());
        runtime.startProcessInstanceByKey(SmsFollowUp.PROCESS_KEY, request.contactId(), variables);
        log.info("Email {} '{}' to contact {}: SMS follow-up unless opened or clicked within {}", communicationId,
                request.messageType(), request.contactId(), route.smsAfter());
    }
}
