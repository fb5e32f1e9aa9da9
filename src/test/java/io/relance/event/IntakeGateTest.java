package io.relance.event;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The intake's turns, with real threads: at most so many at once, the others wait in order, then are refused; only
 * while the messages run behind their events, or always.
 */
class IntakeGateTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private double waiting() {
        return registry.get(IntakeGate.WAITING).gauge().value();
    }

    private double limited() {
        return registry.get(IntakeGate.LIMITED).gauge().value();
    }

    /** A gate whose limit always applies ({@code relance.events.limit-when: always}). */
    private IntakeGate always(Integer maxConcurrent, Duration maxWait) {
        return new IntakeGate(maxConcurrent, maxWait, "always", Optional.empty(), registry);
    }

    @Test
    void atMostSoManyIntakesAtOnceTheOthersWaitTheirTurnInOrder() throws Exception {
        IntakeGate gate = always(2, Duration.ofSeconds(30));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<String>> intakes = new ArrayList<>();
        List<CountDownLatch> releases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "event-" + i;
            CountDownLatch release = new CountDownLatch(1);
            releases.add(release);
            intakes.add(CompletableFuture.supplyAsync(() -> gate.inTurn(() -> {
                // In the order before the count: the wait below sees this intake inside only once it is in the order.
                order.add(name);
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                await(release);
                inside.decrementAndGet();
                return name;
            }), threads));
            // Each request arrives after the one before has taken its turn or joined the queue.
            int arrived = i + 1;
            waitUntil(() -> inside.get() + gate.queued() == arrived && inside.get() + waiting() == arrived);
        }
        assertThat(inside.get()).isEqualTo(2);
        assertThat(waiting()).isEqualTo(3);

        // One turn handed back at a time, the next one only once the queue's head took it: with two let go together,
        // the two intakes they let in would race to write the order.
        for (int i = 0; i < 5; i++) {
            releases.get(i).countDown();
            assertThat(intakes.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("event-" + i);
            int entered = Math.min(5, i + 3);
            waitUntil(() -> order.size() == entered);
        }
        assertThat(most.get()).as("never more than two at once").isEqualTo(2);
        assertThat(order).as("first come, first served").containsExactly("event-0", "event-1", "event-2",
                "event-3", "event-4");
        assertThat(waiting()).isZero();
    }

    @Test
    void anIntakeWhoseTurnDoesNotComeWithinTheWaitIsRefusedAsBusy() throws Exception {
        IntakeGate gate = always(1, Duration.ofMillis(200));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = holdingTurn(gate, "first", release);
        AtomicInteger ran = new AtomicInteger();

        long start = System.nanoTime();
        assertThatThrownBy(() -> gate.inTurn(ran::incrementAndGet)).isInstanceOf(IntakeBusyException.class)
                .hasMessageContaining("retry the same event later");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(ran.get()).as("the refused intake did nothing").isZero();
        assertThat(waiting()).isZero();

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(gate.inTurn(ran::incrementAndGet)).as("its turn is free again").isEqualTo(1);
    }

    @Test
    void aTurnIsGivenBackWhenTheIntakeFails() {
        IntakeGate gate = always(1, Duration.ZERO);
        assertThatThrownBy(() -> gate.inTurn(() -> {
            throw new IllegalStateException("refused by a scenario");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(gate.inTurn(() -> "next")).isEqualTo("next");
    }

    @Test
    void zeroMeansNoLimitAndANegativeSettingIsRefusedAtStartUp() throws Exception {
        IntakeGate gate = always(0, Duration.ZERO);
        CountDownLatch allInside = new CountDownLatch(8);
        List<CompletableFuture<Boolean>> intakes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            intakes.add(CompletableFuture.supplyAsync(() -> gate.inTurn(() -> {
                allInside.countDown();
                try {
                    return allInside.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }), threads));
        }
        for (CompletableFuture<Boolean> intake : intakes) {
            assertThat(intake.get(20, TimeUnit.SECONDS)).as("all eight inside at once").isTrue();
        }

        assertThatThrownBy(() -> new IntakeGate(-1, Duration.ZERO, "always", Optional.empty(),
                new SimpleMeterRegistry()))
                .hasMessage("relance.events.max-concurrent must be 0 (no limit) or more, not -1");
        assertThatThrownBy(() -> new IntakeGate(null, Duration.ofSeconds(-1), "always", Optional.empty(),
                new SimpleMeterRegistry()))
                .hasMessage("relance.events.max-wait must not be negative, not PT-1S");
    }

    @Test
    void whileTheMessagesKeepUpTheIntakeTakesNoTurnsWhileTheyRunBehindItDoes() throws Exception {
        AtomicBoolean behind = new AtomicBoolean();
        IntakeGate gate = new IntakeGate(1, Duration.ZERO, "behind", Optional.of(behind::get), registry);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = holdingTurn(gate, "first", release);

        assertThat(limited()).isZero();
        assertThat(gate.inTurn(() -> "second")).as("no turns while the messages keep up").isEqualTo("second");

        behind.set(true);
        assertThat(limited()).isEqualTo(1);
        CompletableFuture<String> third = holdingTurn(gate, "third", release);
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> gate.inTurn(ran::incrementAndGet)).as("one at a time while behind")
                .isInstanceOf(IntakeBusyException.class);
        assertThat(ran.get()).isZero();

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("third");
        behind.set(false);
        assertThat(limited()).isZero();
    }

    @Test
    void withoutADeliveryOnTheNodeTheIntakeIsNeverBehindAndABadSettingIsRefusedAtStartUp() {
        IntakeGate gate = new IntakeGate(1, Duration.ZERO, "Behind", Optional.empty(), registry);
        assertThat(gate.limited()).isFalse();
        assertThat(new IntakeGate(1, Duration.ZERO, " ALWAYS ", Optional.of(() -> false), new SimpleMeterRegistry())
                .limited()).as("always: whatever the pace").isTrue();
        assertThat(new IntakeGate(0, Duration.ZERO, "always", Optional.empty(), new SimpleMeterRegistry())
                .limited()).as("0: no limit").isFalse();

        assertThatThrownBy(() -> new IntakeGate(null, Duration.ZERO, "sometimes", Optional.empty(),
                new SimpleMeterRegistry()))
                .hasMessage("relance.events.limit-when must be always or behind, not 'sometimes'");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** An intake that takes its turn and holds it until {@code release}; returned once it holds the turn. */
    private CompletableFuture<String> holdingTurn(IntakeGate gate, String name, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<String> intake = CompletableFuture.supplyAsync(() -> gate.inTurn(() -> {
            holding.countDown();
            await(release);
            return name;
        }), threads);
        assertThat(holding.await(10, TimeUnit.SECONDS)).as(name + " holds its turn").isTrue();
        return intake;
    }
}
