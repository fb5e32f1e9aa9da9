package io.relance.scenario;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Date;

/**
 * The moments of the event promotion ({@code bpmn/event-promotion.bpmn}): the last call goes out the day before the
 * event at 09:00 Paris time, the reminder after a delay but never later than the last call, and no two messages of
 * the promotion closer than {@link #MIN_GAP}.
 */
@Component("eventDates")
public class EventDates extends ScenarioDates {

    /** Shortest time between two messages of the promotion: otherwise the later one replaces the earlier. */
    public static final Duration MIN_GAP = Duration.ofHours(12);

    public EventDates(Clock clock) {
        super(clock);
    }

    /** The day before the event's day, at 09:00 in Paris. */
    public Date lastCallAt(Object eventDate) {
        return at(day(EventPromotion.EVENT_DATE.name(), eventDate).minusDays(1));
    }

    /** The day after the event's day, at 09:00 in Paris (the thank-you of a registration). */
    public Date dayAfterAt(Object eventDate) {
        return at(day(EventPromotion.EVENT_DATE.name(), eventDate).plusDays(1));
    }

    /** The event has begun: nothing to promote. */
    public boolean started(Object eventDate) {
        return !instant(EventPromotion.EVENT_DATE.name(), eventDate).isAfter(now());
    }

    /** The last call is at least {@link #MIN_GAP} away (else the invitation just sent is the last call). */
    public boolean lastCallAhead(Object eventDate) {
        return !now().plus(MIN_GAP).isAfter(lastCallAt(eventDate).toInstant());
    }

    /** {@code delay} (ISO 8601, e.g. {@code P3D} or {@code PT36H}) from now, but never later than the last call. */
    public Date reminderAt(Object eventDate, String delay) {
        Instant after = now().plus(amount(delay));
        Instant lastCall = lastCallAt(eventDate).toInstant();
        return Date.from(after.isBefore(lastCall) ? after : lastCall);
    }

    private static Duration amount(String delay) {
        try {
            if (delay.contains("T")) {
                return Duration.parse(delay);
            }
            Period period = Period.parse(delay);
            if (period.toTotalMonths() != 0) {
                throw new IllegalArgumentException("The reminder delay must be in days, weeks or hours (P3D, P1W,"
                        + " PT36H), was '" + delay + "'");
            }
            return Duration.ofDays(period.getDays());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("The reminder delay must be an ISO 8601 duration such as P3D, was '"
                    + delay + "'", e);
        }
    }
}
