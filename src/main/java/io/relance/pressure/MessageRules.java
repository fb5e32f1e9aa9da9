package io.relance.pressure;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.relance.channel.Category;
import io.relance.channel.MessageChannel;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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
    /** dmn/channel-choice.dmn: the channel of a commercial message drawn as an email. */
    public static final String CHANNEL_DECISION = "channel-choice";
    /**
     * The contact-level experiment <em>la pression optimale</em> (dmn/experiments.dmn): its arm is an input of
     * dmn/pressure-caps.dmn; {@link #STANDARD_PRESSURE_ARM} when it is not running.
     */
    public static final String PRESSURE_EXPERIMENT = "pressure";
    public static final String STANDARD_PRESSURE_ARM = "standard";
    /** The scope of caps counting every channel. */
    public static final String ALL_CHANNELS = "all";

    private final DecisionService decisions;
    private final org.camunda.bpm.engine.RepositoryService repository;
    /** Latest deployed version of each decision (empty: none deployed), looked up again after {@link #RECHECK}. */
    private final Cache<String, Optional<String>> latest;
    /**
     * First result row per decision version and inputs: the decisions are pure functions of their inputs, so an
     * entry never goes stale; the least used ones make room, and those of replaced versions fade out.
     */
    private final Cache<java.util.List<Object>, DmnDecisionResultEntries> results;
    static final Duration RECHECK = Duration.ofSeconds(10);
    static final int MAX_RESULTS = 10_000;
    private static final Duration IDLE_RESULT = Duration.ofHours(1);

    @Autowired
    MessageRules(DecisionService decisions, org.camunda.bpm.engine.RepositoryService repository) {
        this(decisions, repository, Ticker.systemTicker());
    }

    MessageRules(DecisionService decisions, org.camunda.bpm.engine.RepositoryService repository, Ticker ticker) {
        this.decisions = decisions;
        this.repository = repository;
        this.latest = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(RECHECK).maximumSize(100).build();
        this.results = Caffeine.newBuilder().ticker(ticker).expireAfterAccess(IDLE_RESULT).maximumSize(MAX_RESULTS)
                .build();
    }

    /** The first row of the latest version of the decision for these inputs (name, value pairs), from the cache. */
    private DmnDecisionResultEntries firstRow(String key, Object... inputs) {
        String versionId = latest.get(key, k -> Optional.ofNullable(repository.createDecisionDefinitionQuery()
                .decisionDefinitionKey(k).latestVersion().withoutTenantId().singleResult())
                .map(DecisionDefinition::getId)).orElse(null);
        if (versionId == null) {
            return evaluate(key, null, inputs);
        }
        java.util.List<Object> cacheKey = new java.util.ArrayList<>(inputs.length + 1);
        cacheKey.add(versionId);
        for (int i = 1; i < inputs.length; i += 2) {
            cacheKey.add(inputs[i] == null ? "<null>" : inputs[i]);
        }
        DmnDecisionResultEntries row = results.getIfPresent(cacheKey);
        if (row == null) {
            // Evaluated outside the cache's lock (two threads may both evaluate a new key: same result).
            row = evaluate(key, versionId, inputs);
            if (row != null) {
                results.put(cacheKey, row);
            }
        }
        return row;
    }

    private DmnDecisionResultEntries evaluate(String key, String id, Object... inputs) {
        var variables = Variables.createVariables();
        for (int i = 0; i < inputs.length; i += 2) {
            variables.putValue((String) inputs[i], inputs[i + 1]);
        }
        DmnDecisionResult result = (id == null ? decisions.evaluateDecisionByKey(key)
                : decisions.evaluateDecisionById(id)).variables(variables).evaluate();
        return result.getFirstResult();
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
        DmnDecisionResultEntries row = firstRow(PRIORITY_DECISION, "messageType", messageType,
                "channel", channel.key(), "valueTier", valueTier);
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

    /**
     * The channel of a commercial message drawn as an email (dmn/channel-choice.dmn): email as drawn, SMS instead,
     * or the email then the SMS when it is neither opened nor clicked within {@code smsAfter}.
     */
    public record Route(Mix mix, Duration smsAfter) {
        static final Route EMAIL = new Route(Mix.EMAIL, null);
    }

    /** The outputs of dmn/channel-choice.dmn. */
    public enum Mix {
        EMAIL("email"), SMS("sms"), EMAIL_THEN_SMS("email-then-sms");

        private final String key;

        Mix(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        static Mix parse(Object value) {
            for (Mix mix : values()) {
                if (mix.key.equals(value)) {
                    return mix;
                }
            }
            throw new IllegalStateException("dmn/channel-choice.dmn answers the channel '" + value
                    + "' (expected email, sms or email-then-sms)");
        }
    }

    public Route route(String messageType, boolean smsReachable, String valueTier, String preferredChannel) {
        if (latest.get(CHANNEL_DECISION, k -> Optional.ofNullable(repository.createDecisionDefinitionQuery()
                .decisionDefinitionKey(k).latestVersion().withoutTenantId().singleResult())
                .map(DecisionDefinition::getId)).isEmpty()) {
            return Route.EMAIL;
        }
        DmnDecisionResultEntries row = firstRow(CHANNEL_DECISION, "messageType", messageType,
                "smsReachable", smsReachable, "valueTier", valueTier, "preferredChannel", preferredChannel);
        if (row == null) {
            return Route.EMAIL;
        }
        Mix mix = Mix.parse(row.get("channel"));
        if (mix != Mix.EMAIL_THEN_SMS) {
            return new Route(mix, null);
        }
        Object after = row.get("smsAfter");
        try {
            Duration smsAfter = Duration.parse(String.valueOf(after).strip());
            if (smsAfter.isNegative() || smsAfter.isZero()) {
                throw new IllegalStateException("dmn/channel-choice.dmn: smsAfter must be positive, was " + after);
            }
            return new Route(mix, smsAfter);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalStateException("dmn/channel-choice.dmn answers email-then-sms for '" + messageType
                    + "' without a valid smsAfter (an ISO-8601 duration such as PT24H), was '" + after + "'", e);
        }
    }

    public Caps caps(String scope, String valueTier, Integer consentAgeDays) {
        return caps(scope, valueTier, consentAgeDays, STANDARD_PRESSURE_ARM);
    }

    /** Caps of one scope for a contact in this arm of the pressure experiment ({@code pressureArm} of the DMN). */
    public Caps caps(String scope, String valueTier, Integer consentAgeDays, String pressureArm) {
        DmnDecisionResultEntries row = firstRow(CAPS_DECISION, "scope", scope, "valueTier", valueTier,
                "consentAgeDays", consentAgeDays, "pressureArm", pressureArm);
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
        DmnDecisionResultEntries row = firstRow(VALUE_TIER_DECISION, "lifetimeValue",
                number(attributes.get("lifetimeValue")), "ordersCount", number(attributes.get("ordersCount")));
        return row == null ? null : (String) row.getFirstEntry();
    }

    private static Integer integer(Object value) {
        return value instanceof Number number ? number.intValue() : null;
    }

    private static Object number(Object value) {
        return value instanceof Number ? value : null;
    }
}
