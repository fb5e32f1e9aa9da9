package io.relance.broadcast;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.relance.config.Sampled;
import io.relance.pressure.PendingMessages;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * A broadcast's progress: {@code relance.broadcast.recipients} (recipients registered), and
 * {@code relance.broadcast.remaining{status}}, the broadcast messages still to deliver, waiting for their arbitration
 * ({@code pending}) or granted and not sent yet ({@code granted}); read at most once per {@code relance.metrics.refresh}.
 * Delivered ones are counted by {@code relance.broadcast.deliveries{status}} (pressure).
 */
@Component
class BroadcastMetrics {

    static final String RECIPIENTS = "relance.broadcast.recipients";
    static final String REMAINING = "relance.broadcast.remaining";

    private final Counter recipients;

    BroadcastMetrics(MeterRegistry registry, PendingMessages pending,
                     @Value("${relance.metrics.refresh:PT15S}") Duration refresh) {
        recipients = Counter.builder(RECIPIENTS).description("Broadcast recipients registered")
                .register(registry);
        Sampled remaining = new Sampled("broadcast messages to deliver", refresh, pending::countOfBroadcastsToDeliver);
        for (String status : new String[]{"PENDING", "GRANTED"}) {
            Gauge.builder(REMAINING, remaining, s -> s.get(status))
                    .description("Broadcast messages still to deliver").tag("status", status.toLowerCase(
                            java.util.Locale.ROOT))
                    .strongReference(true).register(registry);
        }
    }

    void registered(int count) {
        recipients.increment(count);
    }
}
