package io.relance.privacy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Period;
import java.time.format.DateTimeParseException;

/**
 * {@code relance.retention.*}: whether the nightly retention run erases ({@code enabled}, default true), after how
 * long without a sign of life ({@code inactive-period}, an ISO-8601 period, default {@code P3Y}) and at most how many
 * contacts per run ({@code max-per-run}, default 200). A bad value stops the start-up with what is wrong.
 */
@Component
class RetentionProperties {

    private final boolean enabled;
    private final Period inactivePeriod;
    private final int maxPerRun;

    RetentionProperties(@Value("${relance.retention.enabled:true}") boolean enabled,
                        @Value("${relance.retention.inactive-period:P3Y}") String inactivePeriod,
                        @Value("${relance.retention.max-per-run:200}") int maxPerRun) {
        this.enabled = enabled;
        this.inactivePeriod = parse(inactivePeriod);
        if (maxPerRun < 1) {
            throw new IllegalStateException("relance.retention.max-per-run must be at least 1, not " + maxPerRun);
        }
        this.maxPerRun = maxPerRun;
    }

    static Period parse(String text) {
        Period period;
        try {
            period = Period.parse(text == null ? "" : text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("relance.retention.inactive-period must be an ISO-8601 period such as P3Y,"
                    + " P18M or P400D, not '" + text + "'", e);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalStateException("relance.retention.inactive-period must be longer than zero, not '"
                    + text + "'");
        }
        return period;
    }

    boolean enabled() {
        return enabled;
    }

    Period inactivePeriod() {
        return inactivePeriod;
    }

    int maxPerRun() {
        return maxPerRun;
    }
}
