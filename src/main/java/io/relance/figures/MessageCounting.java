package io.relance.figures;

import io.relance.channel.Category;
import io.relance.channel.CommunicationRecorded;
import io.relance.event.EventAccepted;
import io.relance.scenario.EventType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts messages and what contacts do with them, in the transaction that records them: each message of a scenario
 * sent, suppressed (by reason kind) or failed ({@link CommunicationRecorded}); the first open, first click, unsubscribe
 * and SMS delivery receipt of each message, and conversions with their revenue ({@link EventAccepted}).
 */
@Component
class MessageCounting {

    static final String SENT = "sent";
    static final String SUPPRESSED_PREFIX = "suppressed:";
    static final String FAILED = "failed";
    static final String DELIVERED = "delivered";
    static final String OPENED = "opened";
    static final String CLICKED = "clicked";
    static final String UNSUBSCRIBED = "unsubscribed";
    static final String CONVERSIONS = "conversions";
    static final String REVENUE_PREFIX = "revenue:";
    /** Revenue is kept in ten-thousandths of the currency unit. */
    static final int REVENUE_SCALE = 4;

    private static final Map<String, FigureStore.Reaction> REACTIONS = Map.of(
            EventType.EMAIL_OPENED, FigureStore.Reaction.OPENED,
            EventType.LINK_CLICKED, FigureStore.Reaction.CLICKED,
            EventType.UNSUBSCRIBED, FigureStore.Reaction.UNSUBSCRIBED,
            EventType.SMS_DELIVERED, FigureStore.Reaction.DELIVERED);

    private final FigureStore store;
    private final ScenarioModels models;
    private final FiguresProperties properties;

    MessageCounting(FigureStore store, ScenarioModels models, FiguresProperties properties) {
        this.store = store;
        this.models = models;
        this.properties = properties;
    }

    /** The scope of a send step: channel and message type. */
    static String step(String channel, String messageType) {
        return "msg:" + channel + ":" + messageType;
    }

    @EventListener
    void on(CommunicationRecorded message) {
        if (message.scenario() == null || message.processInstanceId() == null) {
            return;
        }
        int version = models.ofInstance(message.processInstanceId()).map(ScenarioModels.Definition::version)
                .orElse(0);
        LocalDate day = day(message.at());
        String scope = step(message.channel().key(), message.messageType());
        String metric = switch (message.status()) {
            case SENT -> SENT;
            case SUPPRESSED -> SUPPRESSED_PREFIX + ReasonKind.of(message.reason()).key();
            case FAILED -> FAILED;
            case SENDING -> null;
        };
        if (metric == null) {
            return;
        }
        store.record(tally -> {
            tally.count(new Tally.Key(message.scenario(), day, version, scope, metric), 1);
            if (metric.equals(SENT)) {
                tally.sent(new Tally.Sent(message.communicationId(), message.contactId(), message.scenario(),
                        version, message.channel().key(), message.messageType(),
                        message.category() == Category.COMMERCIAL, message.at()));
            }
        });
    }

    @EventListener
    void on(EventAccepted event) {
        FigureStore.Reaction reaction = REACTIONS.get(event.type());
        if (reaction != null) {
            react(event, reaction);
        }
        ScenarioModels.Goals goals = models.goals();
        if (goals.types().contains(event.type())) {
            convert(event, goals.longestDays());
        }
    }

    private void react(EventAccepted event, FigureStore.Reaction reaction) {
        String communicationId = event.communicationId().orElse(null);
        if (communicationId == null || !store.firstReaction(communicationId, reaction, event.occurredAt())) {
            return;
        }
        store.message(communicationId).ifPresent(m -> store.record(tally -> tally.count(new Tally.Key(m.scenario(),
                day(event.occurredAt()), m.version(), step(m.channel(), m.messageType()), switch (reaction) {
                    case OPENED -> OPENED;
                    case CLICKED -> CLICKED;
                    case UNSUBSCRIBED -> UNSUBSCRIBED;
                    case DELIVERED -> DELIVERED;
                }), 1)));
    }

    private void convert(EventAccepted event, int longestDays) {
        Instant at = event.occurredAt();
        List<Attribution.Touch> touches = store.messagesOf(event.contactId(), at.minus(Duration.ofDays(longestDays)),
                        at).stream().filter(FigureStore.Message::commercial)
                .map(m -> new Attribution.Touch(m.scenario(), m.version(), m.sentAt(), m.openedAt(), m.clickedAt()))
                .toList();
        Optional<Attribution.Touch> touch = Attribution.attribute(touches, at, t -> models.version(t.scenario(),
                        t.version()).filter(d -> d.goal().equals(event.type()))
                .map(d -> Duration.ofDays(d.attributionDays())));
        if (touch.isEmpty()) {
            return;
        }
        Attribution.Touch won = touch.get();
        LocalDate day = day(at);
        Optional<BigDecimal> amount = event.amount();
        String currency = event.currency();
        store.record(tally -> {
            tally.count(new Tally.Key(won.scenario(), day, won.version(), EngineCounting.SCENARIO, CONVERSIONS), 1);
            amount.ifPresent(a -> tally.count(new Tally.Key(won.scenario(), day, won.version(),
                    EngineCounting.SCENARIO, REVENUE_PREFIX + currency), a.movePointRight(REVENUE_SCALE)
                    .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact()));
        });
    }

    private LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, properties.timeZone());
    }
}
