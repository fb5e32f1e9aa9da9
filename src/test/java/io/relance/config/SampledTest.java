package io.relance.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A gauge's database read runs at most once per refresh period, and a failed read keeps the last figures. */
class SampledTest {

    @Test
    void readsAtMostOncePerPeriodAndKeepsTheLastFiguresWhenAReadFails() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger failNext = new AtomicInteger();
        Sampled sampled = new Sampled("test", Duration.ofMillis(300), () -> {
            reads.incrementAndGet();
            if (failNext.getAndSet(0) == 1) {
                throw new IllegalStateException("database down");
            }
            return Map.of("a", (long) reads.get());
        });

        assertThat(sampled.get("a")).isEqualTo(1.0);
        for (int i = 0; i < 50; i++) {
            sampled.get("a");
            sampled.get("b");
        }
        assertThat(reads).as("one read for 100 scrapes within the period").hasValue(1);
        assertThat(sampled.get("b")).as("a key the read did not return").isEqualTo(0.0);

        Thread.sleep(350);
        failNext.set(1);
        assertThat(sampled.get("a")).as("failed read: the last figures").isEqualTo(1.0);
        assertThat(reads).hasValue(2);
        assertThat(sampled.get("a")).as("and no new attempt within the period").isEqualTo(1.0);
        assertThat(reads).hasValue(2);
        Thread.sleep(350);
        assertThat(sampled.get("a")).isEqualTo(3.0);
    }

    @Test
    void showsNothingBeforeTheFirstSuccessfulRead() {
        Sampled sampled = new Sampled("test", Duration.ofMinutes(1), () -> {
            throw new IllegalStateException("database down");
        });
        assertThat(sampled.get("a")).isNaN();
    }
}
