package io.relance.pressure;

import io.relance.event.DeliveryPace;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * This node's messages run behind their events for {@link #BEHIND_FOR} after a round of the {@link ArbitrationWorker}
 * found more work than it takes at once: a full fetch of send tasks ({@code relance.pressure.dispatcher.fetch}), a
 * full batch of contacts to decide ({@code batch}) or a full claim of granted messages ({@code claim}), a broadcast's
 * included. Nothing is read from the database: the rounds say it as they go.
 */
@Component
class DeliveryBehind implements DeliveryPace {

    /** How long a full round counts: longer than a round, so that the signal does not flicker between rounds. */
    static final Duration BEHIND_FOR = Duration.ofSeconds(5);

    private volatile long behindUntil = System.nanoTime();

    /** A round found as much work as it takes at once: there is more. */
    void fullRound() {
        behindUntil = System.nanoTime() + BEHIND_FOR.toNanos();
    }

    @Override
    public boolean behind() {
        return System.nanoTime() - behindUntil < 0;
    }
}
