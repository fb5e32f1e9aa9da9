package io.relance.pressure;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quiet hours from the settings: a mistake stops the start-up with the setting named. */
class PressureConfigTest {

    private static PressureProperties settings(Map<String, PressureProperties.Quiet> quiet) {
        return new PressureProperties(LocalTime.of(10, 0), ZoneId.of("Europe/Paris"), quiet,
                new PressureProperties.Dispatcher(null, Duration.ofSeconds(1), 200, 2, Duration.ofSeconds(30), 50,
                        Duration.ofSeconds(30), 20, Duration.ofMinutes(1), Duration.ofMillis(250)),
                Duration.ofDays(30));
    }

    @Test
    void configuredRulesReplaceTheDefaults() {
        QuietHours quiet = new PressureConfig().quietHours(settings(Map.of(
                "sms", new PressureProperties.Quiet(LocalTime.of(21, 0), LocalTime.of(9, 0), false, ""))));
        ZoneId paris = ZoneId.of("Europe/Paris");
        // Sunday 10:00 in Paris: allowed with this rule (no Sunday rule), 08:30 is not.
        assertThat(quiet.allowed("sms", Instant.parse("2026-12-06T09:00:00Z"), paris)).isTrue();
        assertThat(quiet.allowed("sms", Instant.parse("2026-12-07T07:30:00Z"), paris)).isFalse();
        assertThat(quiet.allowed("email", Instant.parse("2026-12-07T02:00:00Z"), paris))
                .as("a channel left out has no quiet hours").isTrue();
    }

    @Test
    void noSettingsMeansTheShippedRules() {
        QuietHours quiet = new PressureConfig().quietHours(settings(null));
        assertThat(quiet.describe("sms")).contains("20:00").contains("Sundays").contains("FR");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> new PressureConfig().quietHours(settings(Map.of(
                "fax", new PressureProperties.Quiet(LocalTime.of(21, 0), LocalTime.of(9, 0), false, null)))))
                .hasMessageContaining("relance.pressure.quiet-hours.fax").hasMessageContaining("email or sms");
        assertThatThrownBy(() -> new PressureConfig().quietHours(settings(Map.of(
                "sms", new PressureProperties.Quiet(LocalTime.of(21, 0), null, false, null)))))
                .hasMessageContaining("relance.pressure.quiet-hours.sms").hasMessageContaining("both ends");
        assertThatThrownBy(() -> new PressureConfig().quietHours(settings(Map.of(
                "sms", new PressureProperties.Quiet(null, null, true, "DE")))))
                .hasMessageContaining("relance.pressure.quiet-hours.sms").hasMessageContaining("DE");
    }

    @Test
    void anEmptySendSlotMeansDecidedWhenDue() {
        org.springframework.boot.context.properties.bind.Binder binder = new org.springframework.boot.context
                .properties.bind.Binder(new org.springframework.boot.context.properties.source
                .MapConfigurationPropertySource(Map.of("relance.pressure.send-slot", "")));
        PressureProperties empty = binder.bindOrCreate("relance.pressure", PressureProperties.class);
        assertThat(empty.sendSlot()).isNull();
        PressureProperties set = new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                        Map.of("relance.pressure.send-slot", "09:30"))).bindOrCreate("relance.pressure",
                PressureProperties.class);
        assertThat(set.sendSlot()).isEqualTo(LocalTime.of(9, 30));
        assertThat(set.defaultTimeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    /** Recovery after a node crash is bounded by these defaults: well under a minute (README "Run several nodes"). */
    @Test
    void sendTasksAndBroadcastDeliveriesAreHeldBrieflyByDefault() {
        PressureProperties.Dispatcher dispatcher = bind(Map.of()).dispatcher();
        assertThat(dispatcher.lock()).isEqualTo(Duration.ofSeconds(30));
        assertThat(dispatcher.deliveryLease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(dispatcher.fetch()).isEqualTo(50);
        assertThat(dispatcher.batch()).isEqualTo(200);
        assertThat(dispatcher.claim()).isEqualTo(20);
        assertThat(dispatcher.retry()).isEqualTo(Duration.ofMinutes(1));
        PressureProperties.Dispatcher set = bind(Map.of("relance.pressure.dispatcher.lock", "PT15S",
                "relance.pressure.dispatcher.fetch", "10", "relance.pressure.dispatcher.delivery-lease", "PT45S"))
                .dispatcher();
        assertThat(set.lock()).isEqualTo(Duration.ofSeconds(15));
        assertThat(set.fetch()).isEqualTo(10);
        assertThat(set.deliveryLease()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aLockOrLeaseThatHoldsNothingStopsTheStartUp() {
        assertThatThrownBy(() -> bind(Map.of("relance.pressure.dispatcher.lock", "PT0S")))
                .rootCause().hasMessageContaining("relance.pressure.dispatcher.lock must be a positive duration");
        assertThatThrownBy(() -> bind(Map.of("relance.pressure.dispatcher.delivery-lease", "-PT1S")))
                .rootCause().hasMessageContaining("relance.pressure.dispatcher.delivery-lease must be a positive");
        assertThatThrownBy(() -> bind(Map.of("relance.pressure.dispatcher.fetch", "0")))
                .rootCause().hasMessageContaining("relance.pressure.dispatcher.fetch must be at least 1, was 0");
        assertThatThrownBy(() -> bind(Map.of("relance.pressure.dispatcher.retry", "PT0S")))
                .rootCause().hasMessageContaining("relance.pressure.dispatcher.retry must be a positive duration");
        assertThatThrownBy(() -> bind(Map.of("relance.pressure.dispatcher.claim", "0")))
                .rootCause().hasMessageContaining("relance.pressure.dispatcher.claim must be at least 1, was 0");
    }

    private static PressureProperties bind(Map<String, String> values) {
        return new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(values))
                .bindOrCreate("relance.pressure", PressureProperties.class);
    }
}
