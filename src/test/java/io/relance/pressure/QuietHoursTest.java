package io.relance.pressure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuietHoursTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private final QuietHours defaults = QuietHours.shippedDefaults();

    private static Instant paris(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
    }

    @ParameterizedTest(name = "sms at {0} (Paris) waits until {1}")
    @CsvSource({
            "2026-03-14T21:00, 2026-03-16T08:00",   // Saturday evening -> Monday morning
            "2026-03-15T10:00, 2026-03-16T08:00",   // Sunday -> Monday
            "2026-04-05T10:00, 2026-04-07T08:00",   // Easter Sunday, then Easter Monday -> Tuesday
            "2026-05-24T10:00, 2026-05-26T08:00",   // Whit Sunday, then Whit Monday -> Tuesday
            "2028-07-14T09:00, 2028-07-15T08:00",   // 14 July on a Friday -> Saturday
            "2026-03-17T07:59, 2026-03-17T08:00",   // Tuesday early morning -> same day
            "2026-03-17T20:00, 2026-03-18T08:00",   // the span starts at 20:00 sharp
            "2026-12-24T22:00, 2026-12-26T08:00"})  // Christmas Eve night, then Christmas -> Saturday
    void smsWaitsForTheNextAllowedMoment(String at, String expected) {
        assertThat(defaults.allowed("sms", paris(at), PARIS)).isFalse();
        Instant next = defaults.nextAllowed("sms", paris(at), PARIS);
        assertThat(next).isEqualTo(paris(expected));
        assertThat(defaults.allowed("sms", next, PARIS)).isTrue();
    }

    @ParameterizedTest(name = "sms at {0} (Paris) goes now")
    @CsvSource({"2026-03-17T08:00", "2026-03-17T12:00", "2026-03-17T19:59:59", "2026-03-14T15:00",
            "2028-07-15T08:00"})
    void smsOutsideTheRuleGoesAtOnce(String at) {
        assertThat(defaults.allowed("sms", paris(at), PARIS)).isTrue();
        assertThat(defaults.nextAllowed("sms", paris(at), PARIS)).isEqualTo(paris(at));
    }

    @Test
    void theRuleIsReadInTheContactsTimeZone() {
        // Saturday 10 January 2026, 21:00 in New York (EST, UTC-5) = Sunday 03:00 in Paris
        Instant saturdayEvening = ZonedDateTime.of(2026, 1, 10, 21, 0, 0, 0, NEW_YORK).toInstant();
        assertThat(defaults.allowed("sms", saturdayEvening, NEW_YORK)).isFalse();
        assertThat(defaults.nextAllowed("sms", saturdayEvening, NEW_YORK))
                .isEqualTo(Instant.parse("2026-01-12T13:00:00Z"));
        // in summer time (EDT, UTC-4)
        Instant summerSaturday = ZonedDateTime.of(2026, 6, 13, 21, 0, 0, 0, NEW_YORK).toInstant();
        assertThat(defaults.nextAllowed("sms", summerSaturday, NEW_YORK))
                .isEqualTo(Instant.parse("2026-06-15T12:00:00Z"));
        // 14:00 in New York on a Tuesday is 20:00 in Paris: quiet for a Parisian, not for a New Yorker
        Instant tuesday = Instant.parse("2026-03-17T19:00:00Z");
        assertThat(defaults.allowed("sms", tuesday, NEW_YORK)).isTrue();
        assertThat(defaults.allowed("sms", tuesday, PARIS)).isFalse();
    }

    @Test
    void emailAtNightWaitsUntilSevenEvenOnSunday() {
        assertThat(defaults.allowed("email", paris("2026-03-14T23:00"), PARIS)).isFalse();
        assertThat(defaults.nextAllowed("email", paris("2026-03-14T23:00"), PARIS))
                .isEqualTo(paris("2026-03-15T07:00"));
        assertThat(defaults.nextAllowed("email", paris("2026-03-15T06:30"), PARIS))
                .isEqualTo(paris("2026-03-15T07:00"));
        assertThat(defaults.allowed("email", paris("2026-03-15T10:00"), PARIS)).as("Sunday").isTrue();
        assertThat(defaults.allowed("email", paris("2026-07-14T10:00"), PARIS)).as("holiday").isTrue();
        assertThat(defaults.allowed("email", paris("2026-03-14T21:59"), PARIS)).isTrue();
    }

    @Test
    void aChannelWithoutRuleIsNeverQuiet() {
        Instant sundayNight = paris("2026-04-05T23:30");
        assertThat(defaults.allowed("webhook", sundayNight, PARIS)).isTrue();
        assertThat(defaults.nextAllowed("webhook", sundayNight, PARIS)).isEqualTo(sundayNight);
        assertThat(defaults.rule("webhook")).isSameAs(QuietRule.NONE);
        QuietHours none = new QuietHours(Map.of());
        assertThat(none.allowed("sms", sundayNight, PARIS)).isTrue();
    }

    @Test
    void springForwardNightIsCrossedWithoutLoopingOrCrashing() {
        // Sunday 29 March 2026, Paris: 02:00 CET jumps to 03:00 CEST (01:00 UTC)
        assertThat(defaults.nextAllowed("email", Instant.parse("2026-03-29T00:30:00Z"), PARIS))
                .isEqualTo(Instant.parse("2026-03-29T05:00:00Z"));  // 07:00 CEST
        assertThat(defaults.nextAllowed("sms", Instant.parse("2026-03-28T20:00:00Z"), PARIS))
                .isEqualTo(Instant.parse("2026-03-30T06:00:00Z"));  // Monday 08:00 CEST

        // a span ending at 02:30, a time that does not exist that night: it ends when the clock jumps to 03:00
        QuietHours endsInTheGap = new QuietHours(Map.of("sms",
                new QuietRule(LocalTime.of(22, 0), LocalTime.of(2, 30), false, null)));
        assertThat(endsInTheGap.allowed("sms", Instant.parse("2026-03-29T00:59:59Z"), PARIS)).isFalse();
        assertThat(endsInTheGap.nextAllowed("sms", Instant.parse("2026-03-29T00:30:00Z"), PARIS))
                .isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void fallBackNightRepeatsAnHourThatMayEndTheQuietSpan() {
        // Sunday 25 October 2026, Paris: 03:00 CEST (01:00 UTC) goes back to 02:00 CET
        QuietHours earlyMorning = new QuietHours(Map.of("sms",
                new QuietRule(LocalTime.of(2, 30), LocalTime.of(5, 0), false, null)));
        // 02:45 CEST is quiet; the clock then shows 02:00 CET, before the span, until 02:30 CET
        assertThat(earlyMorning.nextAllowed("sms", Instant.parse("2026-10-25T00:45:00Z"), PARIS))
                .isEqualTo(Instant.parse("2026-10-25T01:00:00Z"));
        assertThat(earlyMorning.allowed("sms", Instant.parse("2026-10-25T01:29:59Z"), PARIS)).isTrue();
        // 02:30 CET starts the span again, until 05:00 CET
        assertThat(earlyMorning.nextAllowed("sms", Instant.parse("2026-10-25T01:30:00Z"), PARIS))
                .isEqualTo(Instant.parse("2026-10-25T04:00:00Z"));

        QuietHours lateNight = new QuietHours(Map.of("sms",
                new QuietRule(LocalTime.of(22, 0), LocalTime.of(2, 30), false, null)));
        // 02:10 CET, in the repeated hour: the span ends at 02:30 CET, not at the 02:30 CEST already past
        assertThat(lateNight.nextAllowed("sms", Instant.parse("2026-10-25T01:10:00Z"), PARIS))
                .isEqualTo(Instant.parse("2026-10-25T01:30:00Z"));
    }

    @Test
    void describeSaysWhatTheRuleIs() {
        assertThat(defaults.describe("sms"))
                .isEqualTo("sms: none 20:00\u201308:00, none on Sundays, none on public holidays (FR)");
        assertThat(defaults.describe("email")).isEqualTo("email: none 22:00\u201307:00");
        assertThat(defaults.describe("webhook")).isEqualTo("webhook: no quiet hours");
        assertThat(new QuietRule(null, null, true, " ").describe()).isEqualTo("none on Sundays");
    }

    @Test
    void equalEndsOrNoEndsMeanNoNightlySpan() {
        QuietRule sundaysOnly = new QuietRule(LocalTime.NOON, LocalTime.NOON, true, null);
        assertThat(sundaysOnly.hasNightlySpan()).isFalse();
        assertThat(sundaysOnly.quietAt(LocalDateTime.parse("2026-03-17T12:00"))).isFalse();
        assertThat(sundaysOnly.quietAt(LocalDateTime.parse("2026-03-15T12:00"))).isTrue();
        assertThat(QuietRule.NONE.quietAt(LocalDateTime.parse("2026-12-25T03:00"))).isFalse();
        assertThat(new QuietRule(null, null, false, "  ").holidays()).isNull();
    }

    @Test
    void aDaytimeSpanDoesNotCrossMidnight() {
        QuietRule lunch = new QuietRule(LocalTime.of(12, 0), LocalTime.of(14, 0), false, null);
        assertThat(lunch.quietAt(LocalDateTime.parse("2026-03-17T13:00"))).isTrue();
        assertThat(lunch.quietAt(LocalDateTime.parse("2026-03-17T14:00"))).isFalse();
        assertThat(lunch.quietAt(LocalDateTime.parse("2026-03-17T23:00"))).isFalse();
        assertThat(new QuietHours(Map.of("email", lunch)).nextAllowed("email", paris("2026-03-17T12:15"), PARIS))
                .isEqualTo(paris("2026-03-17T14:00"));
    }

    @Test
    void invalidRulesAreRefused() {
        assertThatThrownBy(() -> new QuietRule(LocalTime.of(20, 0), null, false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A quiet span needs both ends: from=20:00, to=null"
                        + " (give both, or neither for no nightly span)");
        assertThatThrownBy(() -> new QuietRule(null, LocalTime.of(8, 0), false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from=null, to=08:00");
        assertThatThrownBy(() -> new QuietRule(LocalTime.of(20, 0), LocalTime.of(8, 0), true, "DE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No public holidays known for country 'DE'; supported countries: FR");
        Map<String, QuietRule> withNull = new HashMap<>();
        withNull.put("sms", null);
        assertThatThrownBy(() -> new QuietHours(withNull))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("rule of channel sms");
    }
}
