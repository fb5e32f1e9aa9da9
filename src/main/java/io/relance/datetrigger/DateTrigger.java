package io.relance.datetrigger;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One row of {@code dmn/date-triggers.dmn}: on the day {@code offsetDays} away from a contact's date (negative:
 * before it), once the contact's local time reaches {@code localHour}, emit {@code eventType}. A {@code once} row
 * counts from the date itself (a contract's end); a {@code yearly} row from its anniversary in each later year (29
 * February falling on 28 February in common years).
 */
record DateTrigger(String rule, DateAttribute attribute, int offsetDays, Recurrence recurrence, String eventType,
                   int localHour) {

    enum Recurrence {
        ONCE("once"), YEARLY("yearly");

        private final String key;

        Recurrence(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }

        static Optional<Recurrence> of(String key) {
            for (Recurrence recurrence : values()) {
                if (recurrence.key.equals(key)) {
                    return Optional.of(recurrence);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The occurrence of the contact's {@code date} whose event is due on {@code today} (the contact's local day):
     * the date itself ({@code once}) or its anniversary ({@code yearly}, never the date's own year), when it lies
     * {@code offsetDays} away from today.
     */
    Optional<LocalDate> occurrenceDueOn(LocalDate date, LocalDate today) {
        LocalDate wanted = today.minusDays(offsetDays);
        LocalDate occurrence = switch (recurrence) {
            case ONCE -> date;
            case YEARLY -> Birthdays.inYear(date, wanted.getYear());
        };
        if (!occurrence.equals(wanted) || (recurrence == Recurrence.YEARLY && wanted.getYear() <= date.getYear())) {
            return Optional.empty();
        }
        return Optional.of(occurrence);
    }

    /** For a {@code once} row: the dates whose event is due on one of these days. */
    Set<LocalDate> datesDueOn(Set<LocalDate> days) {
        Set<LocalDate> dates = new LinkedHashSet<>();
        days.forEach(day -> dates.add(day.minusDays(offsetDays)));
        return dates;
    }

    /** For a {@code yearly} row: the days of the year (month * 100 + day) whose event is due on one of these days. */
    Set<Integer> monthDaysDueOn(Set<LocalDate> days) {
        Set<Integer> monthDays = new LinkedHashSet<>();
        days.forEach(day -> monthDays.addAll(Birthdays.monthDaysFalling(day.minusDays(offsetDays))));
        return monthDays;
    }

    /** The idempotent id of the event of one contact and occurrence: {@code <type>-<contact>-<occurrence date>}. */
    String eventId(String contactId, LocalDate occurrence) {
        return eventType + "-" + contactId + "-" + occurrence;
    }
}
