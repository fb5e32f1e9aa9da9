package io.relance.scenario;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Date;

/**
 * Date arithmetic shared by the scenarios whose timers are relative to a date of the event (a departure, an
 * event's start): reading the ISO dates integrating systems send, and "that day at 09:00 in Paris".
 */
abstract class ScenarioDates {

    /** Messages planned for a day go out at this time of day, in this zone. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    public static final LocalTime SEND_TIME = LocalTime.of(9, 0);

    private final Clock clock;

    ScenarioDates(Clock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    LocalDate today() {
        return now().atZone(ZONE).toLocalDate();
    }

    static Date at(LocalDate day) {
        return at(day, ZONE);
    }

    /** That day at {@link #SEND_TIME} in the given zone. */
    static Date at(LocalDate day, ZoneId zone) {
        return Date.from(day.atTime(SEND_TIME).atZone(zone).toInstant());
    }

    LocalDate today(ZoneId zone) {
        return now().atZone(zone).toLocalDate();
    }

    /** An IANA zone id (a contact's {@code timeZone}); Paris when absent (instances started before it was set). */
    static ZoneId zone(String name, Object value) {
        if (value == null || value.toString().isBlank()) {
            return ZONE;
        }
        try {
            return ZoneId.of(value.toString().strip());
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("'" + name + "' must be an IANA time zone, was '" + value + "'", e);
        }
    }

    /**
     * The calendar day of a date or date-time in the given zone: a date ({@code 2026-12-20}) is that day wherever
     * one is; a date-time with an offset is the day it falls on in that zone; a local date-time is that zone's.
     */
    static LocalDate day(String name, Object value, ZoneId zone) {
        if (value instanceof String text && text.strip().length() == 10) {
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + name + "' must be an ISO date or date-time, was '"
                        + text.strip() + "'", e);
            }
        }
        if (value instanceof String text && !text.isBlank()) {
            try {
                LocalDateTime local = LocalDateTime.parse(text.strip());
                return local.toLocalDate();
            } catch (DateTimeParseException notLocal) {
                // an offset date-time, or malformed: instant() says which
            }
        }
        return instant(name, value).atZone(zone).toLocalDate();
    }

    /** A date ({@code 2026-12-20}) or date-time ({@code 2026-12-20T19:30:00+01:00}, or local: Paris time). */
    static Instant instant(String name, Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO date or date-time, was " + value);
        }
        String iso = text.strip();
        try {
            if (iso.length() == 10) {
                return LocalDate.parse(iso).atStartOfDay(ZONE).toInstant();
            }
            try {
                return OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(iso).atZone(ZONE).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO date or date-time, was '" + iso + "'",
                    e);
        }
    }

    /**
     * The moment of a date or date-time: a date-time as given; a date alone ({@code 2026-12-20}) at
     * {@link #SEND_TIME} that day in Paris (nobody wants a message at midnight).
     */
    static Instant moment(String name, Object value) {
        if (value instanceof String text && text.strip().length() == 10) {
            return at(day(name, text)).toInstant();
        }
        return instant(name, value);
    }

    /** An ISO 8601 delay of days, weeks or hours ({@code P14D}, {@code P2W}, {@code PT4H}, {@code P1DT12H}). */
    static java.time.Duration delay(String name, Object delay) {
        String text = delay == null ? "" : delay.toString().strip();
        try {
            if (text.contains("T")) {
                return java.time.Duration.parse(text);
            }
            java.time.Period period = java.time.Period.parse(text);
            if (period.toTotalMonths() != 0 || period.isNegative()) {
                throw new IllegalArgumentException("'" + name + "' must be a delay in days, weeks or hours (P14D,"
                        + " P2W, PT4H), was '" + text + "'");
            }
            return java.time.Duration.ofDays(period.getDays());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO 8601 delay such as P14D or PT4H, was '"
                    + text + "'", e);
        }
    }

    /** The calendar day (in Paris) of a date or date-time. */
    static LocalDate day(String name, Object value) {
        return instant(name, value).atZone(ZONE).toLocalDate();
    }
}
