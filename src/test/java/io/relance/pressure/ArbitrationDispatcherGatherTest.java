package io.relance.pressure;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Narrow unit test of the dispatcher's pauses ({@code relance.pressure.dispatcher.gather}): the worker is mocked to
 * say how much each round found, the dispatcher's real threads run it.
 */
class ArbitrationDispatcherGatherTest {

    private static final int CLAIM = 20;
    private static final int FETCH = 50;

    private final ArbitrationWorker worker = mock(ArbitrationWorker.class);
    private final List<Long> deliveries = new CopyOnWriteArrayList<>();
    private ArbitrationDispatcher dispatcher;

    private static PressureProperties.Dispatcher dispatcherSettings(Duration gather) {
        return new PressureProperties.Dispatcher(true, Duration.ofSeconds(1), 200, 1, Duration.ofSeconds(30), FETCH,
                Duration.ofSeconds(30), CLAIM, Duration.ofMinutes(1), gather);
    }

    private static PressureProperties settings(Duration gather) {
        return new PressureProperties(LocalTime.of(10, 0), ZoneId.of("Europe/Paris"), null,
                dispatcherSettings(gather), Duration.ofDays(30));
    }

    private void start(int foundPerDeliveryRound, Duration gather) {
        when(worker.takeAndDecide()).thenReturn(0);
        when(worker.deliverGranted()).thenAnswer(invocation -> {
            deliveries.add(System.nanoTime());
            return foundPerDeliveryRound;
        });
        dispatcher = new ArbitrationDispatcher(worker, settings(gather), true, Duration.ofMillis(100));
        dispatcher.start();
    }

    /** Waits (at most 10 s) until {@code count} reaches {@code rounds}; fails otherwise. */
    private static void waitFor(int rounds, IntSupplier count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count.getAsInt() < rounds) {
            assertThat(System.nanoTime()).as("%d rounds within 10 s, saw %d", rounds, count.getAsInt())
                    .isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }

    @Test
    void aRoundShortOfAFullClaimWaitsTheGatherBeforeTheNext() {
        start(3, Duration.ofMillis(300));

        waitFor(3, deliveries::size);
        for (int i = 1; i < 3; i++) {
            assertThat(Duration.ofNanos(deliveries.get(i) - deliveries.get(i - 1)))
                    .as("round %d came after the gather", i + 1).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        }
    }

    @Test
    void aFullRoundIsFollowedAtOnce() {
        // A gather of a minute: were it applied after full rounds, five rounds would take four minutes.
        start(CLAIM, Duration.ofMinutes(1));

        waitFor(5, deliveries::size);
    }

    @Test
    void withoutGatherARoundFollowsAtOnce() {
        start(3, Duration.ZERO);

        waitFor(5, deliveries::size);
    }

    @Test
    void aNegativeGatherStopsTheStartUpWithTheSettingNamed() {
        assertThatThrownBy(() -> dispatcherSettings(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relance.pressure.dispatcher.gather").hasMessageContaining("PT-0.001S");
    }
}
