package io.relance.channel.http;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and retries of one provider client ({@code relance.sms.http.*}, {@code relance.webhook.http.*}).
 *
 * <p>Worst case, one send blocks its thread for about {@code max-attempts × (connect-timeout + read-timeout)} plus
 * the waits between attempts; keep that well under the job executor's lock time (5 minutes by default).
 *
 * @param connectTimeout  to open the TCP/TLS connection
 * @param readTimeout     between two reads of the answer (also the wait for the first byte); for a receiver that does
 *                        not recognise repeats, its expiry after the request was written ends the send as an unknown
 *                        outcome (see {@link ResilientHttp.Repeats})
 * @param writeTimeout    between two writes of the request
 * @param maxAttempts     attempts of one logical send, the first included (1: no retry)
 * @param initialBackoff  wait after the first failed attempt; doubled after each further one, with jitter (the
 *                        actual wait is between half and all of it); 0: retry at once (tests)
 * @param maxBackoff      cap of that wait
 * @param maxRetryAfter   a {@code Retry-After} (429, 503) up to this long is waited for; a longer one ends the send
 *                        at once as unavailable (the job is retried later by Camunda instead of blocking a thread)
 */
public record HttpClientSettings(@DefaultValue("5s") Duration connectTimeout,
                                 @DefaultValue("10s") Duration readTimeout,
                                 @DefaultValue("10s") Duration writeTimeout,
                                 @DefaultValue("3") int maxAttempts,
                                 @DefaultValue("500ms") Duration initialBackoff,
                                 @DefaultValue("5s") Duration maxBackoff,
                                 @DefaultValue("10s") Duration maxRetryAfter) {

    public HttpClientSettings {
        positive(connectTimeout, "connect-timeout");
        positive(readTimeout, "read-timeout");
        positive(writeTimeout, "write-timeout");
        notNegative(initialBackoff, "initial-backoff");
        notNegative(maxBackoff, "max-backoff");
        notNegative(maxRetryAfter, "max-retry-after");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, was " + maxAttempts);
        }
    }

    /** The documented defaults: 5 s to connect, 10 s to read or write, 3 attempts, 0.5 s → 5 s backoff. */
    public static HttpClientSettings defaults() {
        return new HttpClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 3,
                Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive (0 would mean no timeout), was " + value);
        }
    }

    private static void notNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
