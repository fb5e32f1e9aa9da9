package io.relance.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves, replacing the application's {@link Clock} bean: {@code @Import(TestClock.class)}, then
 * {@code @Autowired TestClock clock; clock.set(...)}.
 */
@TestConfiguration
public class TestClock extends Clock {

    private volatile Instant now = Instant.parse("2026-11-23T07:30:00Z");

    @Bean
    @Primary
    Clock testClock() {
        return this;
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
