package io.relance.pressure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.relance.channel.MessageChannel;
import io.relance.config.Sampled;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The commercial pressure's meters:
 * <ul>
 * <li>{@code relance.arbitration.lag{channel, decision}}: decision time minus the time the message was due to be
 * decided (its slot), i.e. how far the arbitration runs behind;</li>
 * <li>{@code relance.messages.pending{channel}}: commercial messages waiting for their decision, and
 * {@code relance.messages.granted{channel}} granted and not yet sent (read from the database at most once per
 * {@code relance.metrics.refresh});</li>
 * <li>{@code relance.broadcast.deliveries{status}}: broadcast messages handed to the messaging service, by outcome
 * (sent, suppressed, failed, retried).</li>
 * </ul>
 */
@Component
class PressureMetrics {

    static final String LAG = "relance.arbitration.lag";
    static final String PENDING = "relance.messages.pending";
    static final String GRANTED = "relance.messages.granted";
    static final String BROADCAST_DELIVERIES = "relance.broadcast.deliveries";

    private final MeterRegistry registry;

    PressureMetrics(MeterRegistry registry, PendingMessages pending,
                    @Value("${relance.metrics.refresh:PT15S}") Duration refresh) {
        this.registry = registry;
        Sampled waiting = new Sampled("pending messages", refresh, () -> pending.countByStatusAndChannel("PENDING"));
        Sampled granted = new Sampled("granted messages", refresh, () -> pending.countByStatusAndChannel("GRANTED"));
        for (MessageChannel channel : List.of(MessageChannel.EMAIL, MessageChannel.SMS)) {
            Gauge.builder(PENDING, waiting, s -> s.get(channel.name()))
                    .description("Commercial messages waiting for their arbitration").tag("channel", channel.key())
                    .strongReference(true).register(registry);
            Gauge.builder(GRANTED, granted, s -> s.get(channel.name()))
                    .description("Messages granted by the arbitration, not sent yet").tag("channel", channel.key())
                    .strongReference(true).register(registry);
        }
    }

    void decided(List<PendingMessage> decided, Instant now) {
        for (PendingMessage m : decided) {
            if (m.status() != PendingMessage.Status.GRANTED && m.status() != PendingMessage.Status.SUPPRESSED) {
                continue;
            }
            Duration lag = Duration.between(m.decideAt(), now);
            Timer.builder(LAG).description("Decision time minus the time the message was due to be decided")
                    .tag("channel", m.channel().key()).tag("decision", m.status().name().toLowerCase(Locale.ROOT))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(1))
                    .register(registry).record(lag.isNegative() ? Duration.ZERO : lag);
        }
    }

    void broadcastDelivery(String status) {
        Counter.builder(BROADCAST_DELIVERIES).description("Broadcast messages delivered (or not), by outcome")
                .tag("status", status).register(registry).increment();
    }
}
