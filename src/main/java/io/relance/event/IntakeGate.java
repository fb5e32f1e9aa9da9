package io.relance.event;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How many events sent to {@code POST /api/events} are taken in at once, always ({@code relance.events.limit-when:
 * always}, the default) or only while the node's messages run behind their events ({@code behind},
 * {@link DeliveryPace}): at most {@code relance.events.max-concurrent} (default: as many as the machine has cores;
 * {@code 0}: no limit). The others wait their turn, first come first served, for up to
 * {@code relance.events.max-wait} (default 10 s), then are refused as busy (503 with {@code Retry-After}: send the
 * same event again), having changed nothing.
 * <p>
 * More intakes at once than cores take in no more events a second: they only take the cores from the arbitration and
 * the delivery of the messages the events cause. Under a load the machine cannot keep up with, the requests wait here
 * instead, the senders slow down, and the messages keep flowing instead of piling up behind the intake; each intake
 * also waits less on the database than eight at once do. With {@code behind}, the intake takes no turns while the
 * messages keep up. {@code relance.events.waiting} is the number of requests waiting for their turn,
 * {@code relance.events.limited} 1 while the limit applies. Relance's own observations (opens, clicks, receipts, date
 * and engagement runs) do not pass here: nobody would send them again.
 */
@Component
class IntakeGate {

    static final String WAITING = "relance.events.waiting";
    static final String LIMITED = "relance.events.limited";

    /** When the limit applies. */
    enum LimitWhen {
        /** Always (the default). */
        ALWAYS,
        /** While the node's messages run behind their events. */
        BEHIND;

        static LimitWhen of(String setting) {
            for (LimitWhen when : values()) {
                if (when.name().equalsIgnoreCase(setting.trim())) {
                    return when;
                }
            }
            throw new IllegalArgumentException("relance.events.limit-when must be always or behind, not '"
                    + setting + "'");
        }
    }

    private final Semaphore turns;
    private final DeliveryPace pace;
    private final long maxWaitNanos;
    private final AtomicInteger waiting = new AtomicInteger();

    IntakeGate(@Value("${relance.events.max-concurrent:#{null}}") Integer maxConcurrent,
               @Value("${relance.events.max-wait:PT10S}") Duration maxWait,
               @Value("${relance.events.limit-when:always}") String limitWhen, Optional<DeliveryPace> pace,
               MeterRegistry registry) {
        if (maxConcurrent != null && maxConcurrent < 0) {
            throw new IllegalArgumentException("relance.events.max-concurrent must be 0 (no limit) or more, not "
                    + maxConcurrent);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("relance.events.max-wait must not be negative, not " + maxWait);
        }
        int permits = maxConcurrent == null ? Runtime.getRuntime().availableProcessors() : maxConcurrent;
        this.turns = permits == 0 ? null : new Semaphore(permits, true);
        this.maxWaitNanos = maxWait.toNanos();
        // No delivery on this node (none deployed): never behind.
        this.pace = LimitWhen.of(limitWhen) == LimitWhen.ALWAYS ? () -> true : pace.orElse(() -> false);
        Gauge.builder(WAITING, waiting, AtomicInteger::get)
                .description("Event intakes waiting for their turn (relance.events.max-concurrent)")
                .register(registry);
        Gauge.builder(LIMITED, this, gate -> gate.limited() ? 1 : 0)
                .description("1 while the intake takes turns (relance.events.limit-when), else 0")
                .strongReference(true).register(registry);
    }

    /** Whether the intakes take turns now. */
    boolean limited() {
        return turns != null && pace.behind();
    }

    /** Intakes queued for their turn (exact while they wait; {@code waiting} counts them a moment earlier). */
    int queued() {
        return turns == null ? 0 : turns.getQueueLength();
    }

    /** Runs the intake in its turn; {@link IntakeBusyException} when the turn did not come within the wait. */
    <T> T inTurn(Supplier<T> intake) {
        if (!limited()) {
            return intake.get();
        }
        try {
            if (!turns.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                waiting.incrementAndGet();
                try {
                    if (!turns.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                        throw IntakeBusyException.noTurn();
                    }
                } finally {
                    waiting.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IntakeBusyException.noTurn();
        }
        try {
            return intake.get();
        } finally {
            turns.release();
        }
    }
}
