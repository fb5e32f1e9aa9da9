package io.relance.privacy;

import org.junit.jupiter.api.Test;

import java.time.Period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** relance.retention.*: read at start-up; a bad value stops it with what is wrong. */
class RetentionPropertiesTest {

    @Test
    void readsAnIsoPeriod() {
        RetentionProperties properties = new RetentionProperties(true, "P18M", 50);
        assertThat(properties.inactivePeriod()).isEqualTo(Period.ofMonths(18));
        assertThat(properties.maxPerRun()).isEqualTo(50);
        assertThat(new RetentionProperties(false, " P3Y ", 1).inactivePeriod()).isEqualTo(Period.ofYears(3));
    }

    @Test
    void refusesWhatIsNotAPositivePeriod() {
        assertThatThrownBy(() -> new RetentionProperties(true, "3 years", 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("relance.retention.inactive-period must be an ISO-8601 period such as P3Y, P18M or P400D,"
                        + " not '3 years'");
        assertThatThrownBy(() -> new RetentionProperties(true, "PT72H", 10))
                .hasMessageContaining("ISO-8601 period").hasMessageContaining("'PT72H'");
        assertThatThrownBy(() -> new RetentionProperties(true, "P0D", 10))
                .hasMessage("relance.retention.inactive-period must be longer than zero, not 'P0D'");
        assertThatThrownBy(() -> new RetentionProperties(true, "-P1Y", 10))
                .hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> new RetentionProperties(true, "P3Y", 0))
                .hasMessage("relance.retention.max-per-run must be at least 1, not 0");
    }
}
