package io.relance.pressure;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a channel stays quiet, in the contact's local time: no message from {@code from} (inclusive) until {@code to}
 * (exclusive), a span that may cross midnight (20:00–08:00); none on Sundays when {@code sundays}; none on the public
 * holidays of the country {@code holidays}. {@code from == to}, or both null, means no nightly span; a null or blank
 * {@code holidays} means no holidays.
 */
public record QuietRule(LocalTime from, LocalTime to, boolean sundays, String holidays) {

    /** Never quiet. */
    public static final QuietRule NONE = new QuietRule(null, null, false, null);

    public QuietRule {
        if ((from == null) != (to == null)) {
            throw new IllegalArgumentException("A quiet span needs both ends: from=" + from + ", to=" + to
                    + " (give both, or neither for no nightly span)");
        }
        holidays = holidays == null || holidays.isBlank() ? null : holidays.strip();
        if (holidays != null && !PublicHolidays.supportedCountries().contains(holidays)) {
            throw new IllegalArgumentException("No public holidays known for country '" + holidays
                    + "'; supported countries: " + String.join(", ", PublicHolidays.supportedCountries()));
        }
    }

    public boolean hasNightlySpan() {
        return from != null && !from.equals(to);
    }

    /** Whether a message must wait at this local date and time. */
    public boolean quietAt(LocalDateTime local) {
        Objects.requireNonNull(local, "local");
        return quietDay(local.toLocalDate()) || inNightlySpan(local.toLocalTime());
    }

    /** Whether the whole day is quiet: a Sunday when Sundays are, or a public holiday. */
    boolean quietDay(LocalDate day) {
        return sundays && day.getDayOfWeek() == DayOfWeek.SUNDAY
                || holidays != null && PublicHolidays.isHoliday(holidays, day);
    }

    boolean inNightlySpan(LocalTime time) {
        if (!hasNightlySpan()) {
            return false;
        }
        if (from.isBefore(to)) {
            return !time.isBefore(from) && time.isBefore(to);
        }
        return !time.isBefore(from) || time.isBefore(to);
    }

    /** Human text, e.g. "none 20:00–08:00, none on Sundays, none on public holidays (FR)". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (hasNightlySpan()) {
            parts.add("none " + from + "\u2013" + to);
        }
        if (sundays) {
            parts.add("none on Sundays");
        }
        if (holidays != null) {
            parts.add("none on public holidays (" + holidays + ")");
        }
        return parts.isEmpty() ? "no quiet hours" : String.join(", ", parts);
    }
}
