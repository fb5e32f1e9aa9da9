package io.relance.callback;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAmount;
import java.util.Optional;

/** ISO-8601 durations as scenarios write them: {@code PT4H}, {@code P1D}, {@code P2DT3H}, {@code P1W}, {@code P1M}. */
final class Delays {

    private Delays() {
    }

    /** The duration, or empty when the text is not a non-negative ISO-8601 duration. */
    static Optional<TemporalAmount> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String iso = text.strip();
        try {
            Duration duration = Duration.parse(iso);
            return duration.isNegative() ? Optional.empty() : Optional.of(duration);
        } catch (DateTimeParseException notTimeBased) {
            try {
                Period period = Period.parse(iso);
                return period.isNegative() ? Optional.empty() : Optional.of(period);
            } catch (DateTimeParseException notDateBased) {
                return Optional.empty();
            }
        }
    }

    /** {@code from} plus the duration; months and years in calendar terms (UTC). */
    static Instant after(Instant from, TemporalAmount amount) {
        return from.atZone(ZoneOffset.UTC).plus(amount).toInstant();
    }
}
