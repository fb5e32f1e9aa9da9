package io.relance.scenario;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Date;

/** The quiet period after a browse reminder ({@code ${browseDates.after(remindAgainAfter)}}). */
@Component("browseDates")
public class BrowseDates extends ScenarioDates {

    public BrowseDates(Clock clock) {
        super(clock);
    }

    /** {@code delay} (ISO 8601: {@code P7D}, {@code PT12H}) from now. */
    public Date after(Object delay) {
        return Date.from(now().plus(delay(BrowseAbandonment.REMIND_AGAIN_AFTER.name(), delay)));
    }
}
