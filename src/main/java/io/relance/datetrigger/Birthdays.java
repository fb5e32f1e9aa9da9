package io.relance.datetrigger;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * When a yearly date falls (a birthday, a customer anniversary): on its day, and for dates on 29 February, on
 * 28 February of common years.
 */
public final class Birthdays {

    private static final MonthDay LEAP_DAY = MonthDay.of(2, 29);

    private Birthdays() {
    }

    public static boolean isBirthday(LocalDate birthDate, LocalDate day) {
        return inYear(birthDate, day.getYear()).equals(day);
    }

    /** The day the yearly date falls on in that year: its month and day, 29 February giving 28 in common years. */
    public static LocalDate inYear(LocalDate date, int year) {
        MonthDay monthDay = MonthDay.from(date);
        if (monthDay.equals(LEAP_DAY) && !java.time.Year.isLeap(year)) {
            return LocalDate.of(year, 2, 28);
        }
        return monthDay.atYear(year);
    }

    /**
     * The days of the year (month * 100 + day) whose contacts may have their birthday at this instant somewhere on
     * Earth: the UTC day and its neighbours (time zones run from UTC-12 to UTC+14), and 29 February on the 28th.
     */
    public static Set<Integer> candidateMonthDays(ZonedDateTime nowUtc) {
        Set<Integer> days = new LinkedHashSet<>();
        for (int offset = -1; offset <= 1; offset++) {
            days.addAll(monthDaysFalling(nowUtc.toLocalDate().plusDays(offset)));
        }
        return days;
    }

    /** The days of the year (month * 100 + day) of the yearly dates that fall on this day: 29 February on the 28th. */
    public static Set<Integer> monthDaysFalling(LocalDate day) {
        Set<Integer> days = new LinkedHashSet<>();
        days.add(day.getMonthValue() * 100 + day.getDayOfMonth());
        if (!day.isLeapYear() && day.getMonthValue() == 2 && day.getDayOfMonth() == 28) {
            days.add(229);
        }
        return days;
    }
}
