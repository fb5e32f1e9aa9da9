package io.relance.figures;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The reasons the messaging service and the arbitration write, sorted into the kinds the figures show. */
class ReasonKindTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "no email consent for a commercial message | CONSENT",
        "sms consent withdrawn on 2026-11-23T10:00:00Z | CONSENT",
        "no email address | ADDRESS",
        "no phone number | ADDRESS",
        "contact c-1 does not exist (erased?) | ADDRESS",
        "cap: 1 commercial message per 24 hours (all channels) reached (last: 'birthday' at 2026-12-04T09:00Z) | CAP",
        "arbitration: 'birthday' (priority 100) has the place (1 commercial message per 24 hours) | ARBITRATION",
        "the scenario moved on before the decision | MOVED_ON",
        "the scenario moved on before the send | MOVED_ON",
        "held for quiet hours until 08:00 | QUIET_HOURS",
        "provider said no | OTHER"})
    void classifiesTheReasonsTheCodeWrites(String reason, ReasonKind kind) {
        assertThat(ReasonKind.of(reason)).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "'   '"})
    void anEmptyReasonIsOther(String reason) {
        assertThat(ReasonKind.of(reason)).isEqualTo(ReasonKind.OTHER);
        assertThat(ReasonKind.of(null)).isEqualTo(ReasonKind.OTHER);
    }
}
