package io.relance.callback;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
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

    /**
     * The same time of day on the next business day (Monday to Friday) in that zone: Monday to Thursday give the next
     * day, Friday, Saturday and Sunday give Monday. Public holidays are not skipped. A time that does not exist that
     * day (daylight saving change) moves forward.
     */
    static Instant nextBusinessDay(Instant from, ZoneId zone) {
        ZonedDateTime local = from.atZone(zone);
        return ZonedDateTime.of(businessDayAfter(local.toLocalDate()), local.toLocalTime(), zone).toInstant();
    }

    /**
     * The start (the first instant, usually midnight) of the next business day in that zone, with the same rule as
     * {@link #nextBusinessDay}.
     */
    static Instant nextBusinessDayStart(Instant from, ZoneId zone) {
        return businessDayAfter(from.atZone(zone).toLocalDate()).atStartOfDay(zone).toInstant();
    }

    private static LocalDate businessDayAfter(LocalDate date) {
        LocalDate day = date.plusDays(1);
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.plusDays(1);
        }
        return day;
    }
}
