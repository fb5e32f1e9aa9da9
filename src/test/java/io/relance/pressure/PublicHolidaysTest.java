package io.relance.pressure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicHolidaysTest {

    @ParameterizedTest(name = "Easter {0}")
    @CsvSource({"2000-04-23", "2008-03-23", "2019-04-21", "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28",
            "2038-04-25", "2285-03-22"})
    void easterSundayByTheAnonymousGregorianAlgorithm(LocalDate easter) {
        assertThat(PublicHolidays.easterSunday(easter.getYear())).isEqualTo(easter);
    }

    @Test
    void theElevenFrenchHolidaysOf2026() {
        assertThat(PublicHolidays.holidays("FR", 2026)).containsExactly(
                LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 4, 6),   // Easter Monday
                LocalDate.of(2026, 5, 1),
                LocalDate.of(2026, 5, 8),
                LocalDate.of(2026, 5, 14),  // Ascension
                LocalDate.of(2026, 5, 25),  // Whit Monday
                LocalDate.of(2026, 7, 14),
                LocalDate.of(2026, 8, 15),
                LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 11),
                LocalDate.of(2026, 12, 25));
    }

    @ParameterizedTest(name = "{0} is a holiday")
    @CsvSource({"2024-04-01", "2024-05-09", "2024-05-20", "2025-04-21", "2025-05-29", "2025-06-09", "2027-03-29",
            "2027-05-06", "2027-05-17", "2026-01-01", "2026-07-14", "2026-08-15", "2026-11-11", "2026-12-25"})
    void movableAndFixedFrenchHolidays(LocalDate day) {
        assertThat(PublicHolidays.isHoliday("FR", day)).isTrue();
    }

    @ParameterizedTest(name = "{0} is a working day")
    @CsvSource({"2026-04-05", "2026-04-07", "2026-05-15", "2026-05-24", "2026-07-13", "2026-12-24", "2026-12-26",
            "2026-03-17"})
    void daysAroundTheHolidaysAreNot(LocalDate day) {
        assertThat(PublicHolidays.isHoliday("FR", day)).isFalse();
    }

    @Test
    void ascensionOnMayDayCountsOnce() {
        assertThat(PublicHolidays.easterSunday(2008).plusDays(39)).isEqualTo(LocalDate.of(2008, 5, 1));
        assertThat(PublicHolidays.holidays("FR", 2008)).hasSize(10).contains(LocalDate.of(2008, 5, 1));
    }

    @Test
    void unknownCountriesAreRefusedWithTheSupportedOnes() {
        assertThat(PublicHolidays.supportedCountries()).containsExactly("FR");
        assertThatThrownBy(() -> PublicHolidays.isHoliday("DE", LocalDate.of(2026, 10, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No public holidays known for country 'DE'; supported countries: FR");
        assertThatThrownBy(() -> PublicHolidays.isHoliday(null, LocalDate.of(2026, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No public holidays known for country null; supported countries: FR");
    }
}
