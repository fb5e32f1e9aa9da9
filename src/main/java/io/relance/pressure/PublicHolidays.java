package io.relance.pressure;

import java.time.LocalDate;
import java.time.Month;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Public holidays by country (ISO 3166-1 alpha-2 code), as the law stands today. Only metropolitan France ("FR") so
 * far: its 11 public holidays, the movable ones derived from Easter Sunday.
 */
public final class PublicHolidays {

    private static final Map<String, IntFunction<Set<LocalDate>>> CALENDARS = Map.of("FR", PublicHolidays::france);

    private PublicHolidays() {
    }

    public static boolean isHoliday(String country, LocalDate date) {
        Objects.requireNonNull(date, "date");
        return holidays(country, date.getYear()).contains(date);
    }

    /** The public holidays of the country in the year, in date order. */
    public static Set<LocalDate> holidays(String country, int year) {
        IntFunction<Set<LocalDate>> calendar = country == null ? null : CALENDARS.get(country);
        if (calendar == null) {
            throw new IllegalArgumentException("No public holidays known for country " + (country == null ? "null"
                    : "'" + country + "'") + "; supported countries: " + String.join(", ", supportedCountries()));
        }
        return calendar.apply(year);
    }

    /** The supported country codes, sorted. */
    public static Set<String> supportedCountries() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(CALENDARS.keySet()));
    }

    /** Easter Sunday of the Gregorian calendar, by the anonymous (Meeus/Jones/Butcher) algorithm. */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    private static Set<LocalDate> france(int year) {
        LocalDate easter = easterSunday(year);
        // a set: Ascension falls on 1 or 8 May in some years (2008: 1 May)
        return Collections.unmodifiableSortedSet(new TreeSet<>(List.of(
                LocalDate.of(year, Month.JANUARY, 1),
                easter.plusDays(1),             // Easter Monday
                LocalDate.of(year, Month.MAY, 1),
                LocalDate.of(year, Month.MAY, 8),
                easter.plusDays(39),            // Ascension Thursday
                easter.plusDays(50),            // Whit Monday
                LocalDate.of(year, Month.JULY, 14),
                LocalDate.of(year, Month.AUGUST, 15),
                LocalDate.of(year, Month.NOVEMBER, 1),
                LocalDate.of(year, Month.NOVEMBER, 11),
                LocalDate.of(year, Month.DECEMBER, 25))));
    }
}
