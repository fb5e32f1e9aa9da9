package io.relance.pressure;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PressureProperties.class)
class PressureConfig {

    private static final Set<String> CHANNELS = Set.of("email", "sms");

    /** Quiet hours from relance.pressure.quiet-hours; an unknown channel or a half-open span stops the start-up. */
    @Bean
    QuietHours quietHours(PressureProperties properties) {
        if (properties.quietHours() == null || properties.quietHours().isEmpty()) {
            return QuietHours.shippedDefaults();
        }
        Map<String, QuietRule> rules = new LinkedHashMap<>();
        properties.quietHours().forEach((channel, quiet) -> {
            String key = channel.toLowerCase(Locale.ROOT);
            if (!CHANNELS.contains(key)) {
                throw new IllegalArgumentException("relance.pressure.quiet-hours." + channel
                        + ": unknown channel (use email or sms)");
            }
            try {
                rules.put(key, new QuietRule(quiet.from(), quiet.to(), quiet.sundays(),
                        quiet.holidays() == null || quiet.holidays().isBlank() ? null : quiet.holidays().strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("relance.pressure.quiet-hours." + channel + ": " + e.getMessage(),
                        e);
            }
        });
        return new QuietHours(rules);
    }
}
