package io.relance.channel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The channel's meters (tags are small closed sets: channel, category, status, outcome):
 * <ul>
 * <li>{@code relance.messages{channel, category, status}}: messages recorded as sent, failed or suppressed;</li>
 * <li>{@code relance.provider.latency{channel, outcome}}: how long the provider (SMTP server, SMS gateway, webhook
 * receiver) took to take a message, {@code outcome} accepted, rejected (for good), unavailable (retried) or unknown
 * (perhaps delivered: the failure came after the hand-over; not retried, an incident for an operator);</li>
 * <li>{@code relance.provider.errors{channel, kind}}: provider calls that did not deliver.</li>
 * </ul>
 */
@Component
class SendMetrics {

    static final String MESSAGES = "relance.messages";
    static final String LATENCY = "relance.provider.latency";
    static final String ERRORS = "relance.provider.errors";

    private final MeterRegistry registry;

    SendMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(SendRequest request, SendStatus status) {
        Counter.builder(MESSAGES).description("Messages recorded in the communication log, by outcome")
                .tag("channel", request.channel().key())
                .tag("category", request.category() == null ? "unknown" : request.category().name().toLowerCase(
                        java.util.Locale.ROOT))
                .tag("status", status.key())
                .register(registry).increment();
    }

    void providerCall(MessageChannel channel, String outcome, Duration took) {
        Timer.builder(LATENCY).description("Time the provider took to take (or refuse) a message")
                .tag("channel", channel.key()).tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(took);
        if (!"accepted".equals(outcome)) {
            Counter.builder(ERRORS).description("Provider calls that did not deliver the message")
                    .tag("channel", channel.key()).tag("kind", outcome)
                    .register(registry).increment();
        }
    }
}
