package io.relance.birthday;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.Set;

/** When a birthday falls: on its day, and for people born on 29 February, on 28 February of common years. */
public final class Birthdays {

    private static final MonthDay LEAP_DAY = MonthDay.of(2, 29);

    private Birthdays() {
    }

    public static boolean isBirthday(LocalDate birthDate, LocalDate day) {
        MonthDay born = MonthDay.from(birthDate);
        if (born.equals(LEAP_DAY) && !day.isLeapYear()) {
            return MonthDay.from(day).equals(MonthDay.of(2, 28));
        }
        return born.equals(MonthDay.from(day));
    }

    /**
     * The days of the year (month * 100 + day) whose contacts may have their birthday at this instant somewhere on
     * Earth: the UTC day and its neighbours (time zones run from UTC-12 to UTC+14), and 29 February on the 28th.
     */
    public static Set<Integer> candidateMonthDays(ZonedDateTime nowUtc) {
        Set<Integer> days = new LinkedHashSet<>();
        for (int offset = -1; offset <= 1; offset++) {
            LocalDate day = nowUtc.toLocalDate().plusDays(offset);
            days.add(day.getMonthValue() * 100 + day.getDayOfMonth());
            if (!day.isLeapYear() && day.getMonthValue() == 2 && day.getDayOfMonth() == 28) {
                days.add(229);
            }
        }
        return days;
    }
}
