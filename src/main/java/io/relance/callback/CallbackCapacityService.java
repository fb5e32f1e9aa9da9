package io.relance.callback;

import io.relance.channel.MessageChannel;
import io.relance.pressure.MessageRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The daily capacity of sales call-back tasks ({@code relance.callback.daily-capacity}): before a scenario creates a
 * call-back task it reserves a slot of the day (calendar day in {@code relance.callback.time-zone}). The request's
 * priority comes from {@code dmn/message-priority.dmn} (its message type, channel {@code callback}, the contact's
 * value tier); a request below {@code relance.callback.high-priority-from} stops short of the slots reserved for
 * high-priority ones ({@code relance.callback.reserved-for-high-priority}). A refused request tells when to try again:
 * the start of the next business day.
 * <p>
 * The count lives in the database ({@link CallbackCounter}), in the caller's transaction: every node shares it, and a
 * rolled-back transaction takes no slot.
 */
@Service
public class CallbackCapacityService {

    private static final Logger log = LoggerFactory.getLogger(CallbackCapacityService.class);

    private final CallbackCounter counter;
    private final MessageRules rules;
    private final CallbackProperties properties;
    private final Clock clock;

    CallbackCapacityService(CallbackCounter counter, MessageRules rules, CallbackProperties properties,
                            Clock clock) {
        this.counter = counter;
        this.rules = rules;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * What a reservation answered.
     *
     * @param slot     granted or full
     * @param day      the day counted
     * @param priority the request's priority
     * @param limit    how far that priority may fill the day
     * @param retryAt  when to try again: the start of the next business day (also set when granted)
     */
    public record Reservation(CallbackSlot slot, LocalDate day, int priority, int limit, Instant retryAt) {

        public boolean granted() {
            return slot == CallbackSlot.GRANTED;
        }
    }

    /**
     * Takes a slot of today for a call-back of that message type ({@code lead-callback}, {@code winback-callback})
     * and value tier (may be null), or answers {@code full}.
     */
    public Reservation reserve(String messageType, String valueTier) {
        Instant now = clock.instant();
        LocalDate day = now.atZone(properties.timeZone()).toLocalDate();
        int priority = priority(messageType, valueTier);
        int limit = properties.limitFor(priority);
        boolean granted = counter.take(day, limit);
        Instant retryAt = Delays.nextBusinessDayStart(now, properties.timeZone());
        if (!granted) {
            log.info("No call-back slot left on {} for '{}' (priority {}: up to {} of {} a day), trying again at {}",
                    day, messageType, priority, limit, properties.dailyCapacity(), retryAt);
        }
        return new Reservation(granted ? CallbackSlot.GRANTED : CallbackSlot.FULL, day, priority, limit, retryAt);
    }

    /** Call-back slots taken today (calendar day in {@code relance.callback.time-zone}). */
    public int usedToday() {
        return counter.used(clock.instant().atZone(properties.timeZone()).toLocalDate());
    }

    /** The priority {@code dmn/message-priority.dmn} gives a call-back of that type. */
    int priority(String messageType, String valueTier) {
        if (messageType == null || messageType.isBlank()) {
            throw new IllegalArgumentException("A call-back slot needs the call-back's message type (input"
                    + " 'messageType', e.g. lead-callback), which dmn/message-priority.dmn ranks");
        }
        return rules.rank(messageType, MessageChannel.CALLBACK, valueTier).priority();
    }
}
