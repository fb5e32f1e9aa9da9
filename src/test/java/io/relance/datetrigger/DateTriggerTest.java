package io.relance.datetrigger;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** When a row of the date-trigger table falls due for one contact's date. */
class DateTriggerTest {

    private static DateTrigger row(DateAttribute attribute, int offsetDays, DateTrigger.Recurrence recurrence,
                                   String eventType) {
        return new DateTrigger("Rule_Test", attribute, offsetDays, recurrence, eventType, 9);
    }

    private static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void onceThirtyDaysBeforeTheDateFallsOnThatDayOnly() {
        DateTrigger contractEnd = row(DateAttribute.CONTRACT_END, -30, DateTrigger.Recurrence.ONCE,
                "ContractEndApproaching");
        assertThat(contractEnd.occurrenceDueOn(day("2026-12-23"), day("2026-11-23"))).contains(day("2026-12-23"));
        assertThat(contractEnd.occurrenceDueOn(day("2026-12-23"), day("2026-11-22"))).isEmpty();
        assertThat(contractEnd.occurrenceDueOn(day("2026-12-23"), day("2026-11-24"))).isEmpty();
        assertThat(contractEnd.occurrenceDueOn(day("2027-12-23"), day("2026-11-23"))).as("not every year").isEmpty();
        assertThat(contractEnd.eventId("marie-42", day("2026-12-23")))
                .isEqualTo("ContractEndApproaching-marie-42-2026-12-23");
        assertThat(contractEnd.datesDueOn(java.util.Set.of(day("2026-11-23")))).containsExactly(day("2026-12-23"));
    }

    @Test
    void yearlyFallsOnEachAnniversaryAfterTheDateItself() {
        DateTrigger anniversary = row(DateAttribute.CUSTOMER_SINCE, 0, DateTrigger.Recurrence.YEARLY,
                "CustomerAnniversary");
        assertThat(anniversary.occurrenceDueOn(day("2019-11-23"), day("2026-11-23"))).contains(day("2026-11-23"));
        assertThat(anniversary.occurrenceDueOn(day("2019-11-23"), day("2026-11-24"))).isEmpty();
        assertThat(anniversary.occurrenceDueOn(day("2026-11-23"), day("2026-11-23")))
                .as("the day itself is no anniversary").isEmpty();
    }

    @Test
    void the29thOfFebruaryFallsOnThe28thInCommonYears() {
        DateTrigger anniversary = row(DateAttribute.CUSTOMER_SINCE, 0, DateTrigger.Recurrence.YEARLY,
                "CustomerAnniversary");
        assertThat(anniversary.occurrenceDueOn(day("2020-02-29"), day("2027-02-28"))).contains(day("2027-02-28"));
        assertThat(anniversary.occurrenceDueOn(day("2020-02-29"), day("2027-03-01"))).isEmpty();
        assertThat(anniversary.occurrenceDueOn(day("2020-02-29"), day("2028-02-29"))).contains(day("2028-02-29"));
        assertThat(anniversary.occurrenceDueOn(day("2020-02-29"), day("2028-02-28"))).isEmpty();
        assertThat(anniversary.monthDaysDueOn(java.util.Set.of(day("2027-02-28")))).containsExactlyInAnyOrder(228,
                229);
        assertThat(anniversary.monthDaysDueOn(java.util.Set.of(day("2028-02-28")))).containsExactly(228);
    }

    @Test
    void aYearlyOffsetCountsFromTheComingAnniversaryAcrossTheNewYear() {
        DateTrigger weekBefore = row(DateAttribute.BIRTH_DATE, -7, DateTrigger.Recurrence.YEARLY, "BirthdayToday");
        assertThat(weekBefore.occurrenceDueOn(day("1990-01-03"), day("2026-12-27"))).contains(day("2027-01-03"));
        assertThat(weekBefore.monthDaysDueOn(java.util.Set.of(day("2026-12-27")))).containsExactly(103);
        DateTrigger leapWeekBefore = row(DateAttribute.BIRTH_DATE, -7, DateTrigger.Recurrence.YEARLY,
                "BirthdayToday");
        assertThat(leapWeekBefore.occurrenceDueOn(day("2000-02-29"), day("2027-02-21"))).contains(day("2027-02-28"));
    }

    @Test
    void datesAreReadFromDaysAndDateTimes() {
        assertThat(DateTriggerRunDelegate.date("2026-12-23")).isEqualTo(day("2026-12-23"));
        assertThat(DateTriggerRunDelegate.date("2026-12-23T10:00:00+01:00")).isEqualTo(day("2026-12-23"));
        assertThat(DateTriggerRunDelegate.date("2026-12-23 and more")).isNull();
        assertThat(DateTriggerRunDelegate.date("2026-13-23")).isNull();
        assertThat(DateTriggerRunDelegate.date(20261223)).isNull();
        assertThat(DateTriggerRunDelegate.date(null)).isNull();
    }
}
