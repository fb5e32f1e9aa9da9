package io.relance.pressure;

import io.relance.channel.Category;
import io.relance.channel.MessageChannel;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The data-driven rules of commercial pressure, evaluated on the deployed decisions: {@code message-priority}
 * (category and priority of a message type), {@code pressure-caps} (caps per scope) and {@code value-tier}
 * (dmn/segments.dmn, the contact's segment the other two may depend on).
 */
@Component
public class MessageRules {

    public static final String PRIORITY_DECISION = "message-priority";
    public static final String CAPS_DECISION = "pressure-caps";
    public static final String VALUE_TIER_DECISION = "value-tier";
    /** The scope of caps counting every channel. */
    public static final String ALL_CHANNELS = "all";

    private final DecisionService decisions;

    MessageRules(DecisionService decisions) {
        this.decisions = decisions;
    }

    /**
     * Category and priority (higher wins) of a message, and whether it waits for the day's send slot (scheduled
     * messages) or is decided when due (reactions to the contact).
     */
    public record Rank(Category category, int priority, boolean waitsForSlot) {
    }

    /** Caps of one scope (all channels, or one channel); null: no cap over that period. */
    public record Caps(String scope, Integer perDay, Integer per7Days, Integer per30Days) {
    }

    public Rank rank(String messageType, MessageChannel channel, String valueTier) {
        DmnDecisionResult result = decisions.evaluateDecisionByKey(PRIORITY_DECISION)
                .variables(Variables.createVariables().putValue("messageType", messageType)
                        .putValue("channel", channel.key()).putValue("valueTier", valueTier))
                .evaluate();
        DmnDecisionResultEntries row = result.getFirstResult();
        if (row == null) {
            throw new IllegalStateException("dmn/message-priority.dmn has no row for message type '" + messageType
                    + "' on " + channel.key() + ": add one, or a default row");
        }
        Object category = row.get("category");
        Object priority = row.get("priority");
        if (category == null || !(priority instanceof Number number)) {
            throw new IllegalStateException("dmn/message-priority.dmn gives no category or priority for '"
                    + messageType + "' on " + channel.key());
        }
        return new Rank(Category.parse(category.toString()), number.intValue(),
                !Boolean.FALSE.equals(row.get("waitsForSlot")));
    }

    public Caps caps(String scope, String valueTier, Integer consentAgeDays) {
        DmnDecisionResult result = decisions.evaluateDecisionByKey(CAPS_DECISION)
                .variables(Variables.createVariables().putValue("scope", scope).putValue("valueTier", valueTier)
                        .putValue("consentAgeDays", consentAgeDays))
                .evaluate();
        DmnDecisionResultEntries row = result.getFirstResult();
        if (row == null) {
            return new Caps(scope, null, null, null);
        }
        return new Caps(scope, integer(row.get("perDay")), integer(row.get("per7Days")),
                integer(row.get("per30Days")));
    }

    /** The contact's value tier from its attributes (lifetimeValue, ordersCount). */
    public String valueTier(Map<String, Object> attributes) {
        Object tier = attributes.get("valueTier");
        if (tier instanceof String given && !given.isBlank()) {
            return given;
        }
        DmnDecisionResult result = decisions.evaluateDecisionByKey(VALUE_TIER_DECISION)
                .variables(Variables.createVariables().putValue("lifetimeValue", number(attributes.get("lifetimeValue")))
                        .putValue("ordersCount", number(attributes.get("ordersCount"))))
                .evaluate();
        DmnDecisionResultEntries row = result.getFirstResult();
        return row == null ? null : (String) row.getFirstEntry();
    }

    private static Integer integer(Object value) {
        return value instanceof Number number ? number.intValue() : null;
    }

    private static Object number(Object value) {
        return value instanceof Number ? value : null;
    }
}
