package io.relance.datetrigger;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class BirthdaysTest {

    @Test
    void aBirthdayIsOnItsDay() {
        assertThat(Birthdays.isBirthday(LocalDate.of(1990, 11, 23), LocalDate.of(2026, 11, 23))).isTrue();
        assertThat(Birthdays.isBirthday(LocalDate.of(1990, 11, 23), LocalDate.of(2026, 11, 24))).isFalse();
    }

    @Test
    void bornOn29FebruaryCelebratesOn28FebruaryInCommonYearsOnly() {
        LocalDate leapling = LocalDate.of(2000, 2, 29);
        assertThat(Birthdays.isBirthday(leapling, LocalDate.of(2027, 2, 28))).isTrue();
        assertThat(Birthdays.isBirthday(leapling, LocalDate.of(2027, 3, 1))).isFalse();
        assertThat(Birthdays.isBirthday(leapling, LocalDate.of(2028, 2, 29))).isTrue();
        assertThat(Birthdays.isBirthday(leapling, LocalDate.of(2028, 2, 28))).isFalse();
    }

    @Test
    void candidatesCoverEveryTimeZoneAndTheLeapDay() {
        assertThat(Birthdays.candidateMonthDays(ZonedDateTime.of(2026, 11, 23, 7, 30, 0, 0, ZoneOffset.UTC)))
                .containsExactlyInAnyOrder(1122, 1123, 1124);
        assertThat(Birthdays.candidateMonthDays(ZonedDateTime.of(2027, 2, 28, 12, 0, 0, 0, ZoneOffset.UTC)))
                .containsExactlyInAnyOrder(227, 228, 229, 301);
        assertThat(Birthdays.candidateMonthDays(ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
                .containsExactlyInAnyOrder(1231, 101, 102);
    }
}
