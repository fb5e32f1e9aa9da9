package io.relance.callback;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** When a call-back request that found no slot asks again: the start of the next business day in Paris. */
class CallbackRetryDateTest {

    @ParameterizedTest(name = "full at {0} (UTC): ask again at {1}")
    @CsvSource({
            "2026-11-23T09:00:00Z, 2026-11-23T23:00:00Z", // Monday 10:00 → Tuesday 00:00
            "2026-11-26T22:30:00Z, 2026-11-26T23:00:00Z", // Thursday 23:30 → Friday 00:00
            "2026-11-27T15:00:00Z, 2026-11-29T23:00:00Z", // Friday → Monday 00:00
            "2026-11-28T10:00:00Z, 2026-11-29T23:00:00Z", // Saturday → Monday
            "2026-11-29T23:30:00Z, 2026-11-30T23:00:00Z", // Monday 00:30 in Paris (Sunday in UTC) → Tuesday
            "2026-10-23T08:00:00Z, 2026-10-25T23:00:00Z", // Friday in summer time → Monday 00:00 winter time
    })
    void theStartOfTheNextBusinessDay(Instant full, Instant retry) {
        assertThat(Delays.nextBusinessDayStart(full, ZoneId.of("Europe/Paris"))).isEqualTo(retry);
    }
}
