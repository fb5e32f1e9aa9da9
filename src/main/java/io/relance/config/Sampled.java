package io.relance.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A figure read from the database for a gauge, read again at most once per {@code refresh}: a Prometheus scrape
 * (of every node, every few seconds) never runs the query more often than that. A failed read keeps the last
 * figures (and is logged); before the first success the gauge shows nothing ({@code NaN}).
 */
public final class Sampled {

    private static final Logger log = LoggerFactory.getLogger(Sampled.class);

    private final String what;
    private final Supplier<Map<String, Long>> reader;
    private final long refreshNanos;
    private volatile Map<String, Long> last;
    private volatile long readAt;

    public Sampled(String what, Duration refresh, Supplier<Map<String, Long>> reader) {
        this.what = what;
        this.reader = reader;
        this.refreshNanos = refresh.toNanos();
    }

    /** The figure of one key (0 when the last read did not have it), NaN before the first successful read. */
    public double get(String key) {
        Map<String, Long> current = current();
        if (current == null) {
            return Double.NaN;
        }
        Long value = current.get(key);
        return value == null ? 0 : value;
    }

    private Map<String, Long> current() {
        long now = System.nanoTime();
        Map<String, Long> current = last;
        if (current != null && now - readAt < refreshNanos) {
            return current;
        }
        synchronized (this) {
            if (last != null && System.nanoTime() - readAt < refreshNanos) {
                return last;
            }
            try {
                last = Map.copyOf(reader.get());
            } catch (RuntimeException e) {
                log.warn("Metrics: could not read {} ({}); the last figures are shown", what, e.toString());
            }
            // Also after a failure: the next attempt waits for the next period (no query storm on a sick database).
            readAt = System.nanoTime();
            return last;
        }
    }
}
