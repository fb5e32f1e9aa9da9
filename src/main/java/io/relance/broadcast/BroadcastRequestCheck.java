package io.relance.broadcast;

import io.relance.channel.Category;
import io.relance.channel.MessageChannel;
import io.relance.pressure.MessageRules;
import io.relance.refusal.FieldProblem;
import io.relance.refusal.InvalidFieldsException;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a broadcast request beyond its annotations: a template for the message type on the channel, a day not
 * past, plain segment and template values, a commercial message type. Refuses with each bad field named.
 */
@Component
class BroadcastRequestCheck {

    private final TemplateProbe templates;
    private final MessageRules rules;

    BroadcastRequestCheck(TemplateProbe templates, MessageRules rules) {
        this.templates = templates;
        this.rules = rules;
    }

    /**
     * The channel of a valid request (email when not given).
     *
     * @param today the current day in UTC (a send day before yesterday is in the past everywhere)
     * @throws InvalidFieldsException naming each bad field
     */
    MessageChannel check(BroadcastRequest request, LocalDate today) {
        List<FieldProblem> problems = new ArrayList<>();
        MessageChannel channel = request.channel() == null ? MessageChannel.EMAIL
                : MessageChannel.valueOf(request.channel().toUpperCase(Locale.ROOT));
        if (channel != MessageChannel.EMAIL && channel != MessageChannel.SMS) {
            throw new InvalidFieldsException("channel", "must be email or sms");
        }
        if (!templates.exists(channel, request.messageType())) {
            problems.add(new FieldProblem("messageType", "no " + channel.key() + " template for '"
                    + request.messageType() + "' (bpmn/templates/" + channel.key() + "/" + request.messageType() + "_*)"));
        }
        if (request.sendOn() != null && request.sendOn().isBefore(today.minusDays(1))) {
            problems.add(new FieldProblem("sendOn", "is in the past"));
        }
        checkPlain("segment", request.segment(), problems);
        checkPlain("variables", request.variables(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(problems);
        }
        if (rules.rank(request.messageType(), channel, null).category() == Category.TRANSACTIONAL) {
            throw new InvalidFieldsException("messageType", "'" + request.messageType()
                    + "' is transactional (dmn/message-priority.dmn): a broadcast is commercial");
        }
        return channel;
    }

    private static void checkPlain(String field, Map<String, Object> values, List<FieldProblem> problems) {
        if (values == null) {
            return;
        }
        values.forEach((key, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                problems.add(new FieldProblem(field + "." + key, "must be a string, a number or a boolean"));
            }
        });
    }
}
