package io.relance.scenario;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Date;

/**
 * The moments of the contest scenario ({@code bpmn/contest.bpmn}): the draw ({@code drawDate}; a date alone means
 * 09:00 Paris time that day) and how long after it a result is awaited.
 */
@Component("contestDates")
public class ContestDates extends ScenarioDates {

    public ContestDates(Clock clock) {
        super(clock);
    }

    /** When the result may be announced: the draw. */
    public Date drawAt(Object drawDate) {
        return Date.from(moment(Contest.DRAW_DATE.name(), drawDate));
    }

    /** The draw is now or past: a published result is announced at once. */
    public boolean drawReached(Object drawDate) {
        return !moment(Contest.DRAW_DATE.name(), drawDate).isAfter(now());
    }

    /** The scenario stops waiting for a result {@code timeout} (e.g. {@code P14D}) after the draw. */
    public Date resultDeadline(Object drawDate, Object timeout) {
        return Date.from(moment(Contest.DRAW_DATE.name(), drawDate)
                .plus(delay(Contest.RESULT_TIMEOUT.name(), timeout)));
    }
}
