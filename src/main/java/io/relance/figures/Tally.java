package io.relance.figures;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The increments of one transaction, written once before it commits ({@link FigureStore}): counters per day, gauges
 * (what is there now) and the messages sent. Gauges netting to zero (an element entered and left in the same
 * transaction) are not written at all.
 */
final class Tally {

    /** A counter: scenario x version x day x scope x metric. Ordered, so that rows are always locked in one order. */
    record Key(String scenario, LocalDate day, int version, String element, String metric)
            implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = scenario.compareTo(o.scenario);
            if (c == 0) {
                c = day.compareTo(o.day);
            }
            if (c == 0) {
                c = Integer.compare(version, o.version);
            }
            if (c == 0) {
                c = element.compareTo(o.element);
            }
            return c != 0 ? c : metric.compareTo(o.metric);
        }
    }

    /** A gauge: scenario x version x scope. */
    record Gauge(String scenario, int version, String element) implements Comparable<Gauge> {
        @Override
        public int compareTo(Gauge o) {
            int c = scenario.compareTo(o.scenario);
            if (c == 0) {
                c = Integer.compare(version, o.version);
            }
            return c != 0 ? c : element.compareTo(o.element);
        }
    }

    /** A message a scenario sent (attribution, unique reactions). */
    record Sent(String communicationId, String contactId, String scenario, int version, String channel,
                String messageType, boolean commercial, Instant sentAt) {
    }

    private final Map<Key, Long> counts = new TreeMap<>();
    private final Map<Gauge, Long> gauges = new TreeMap<>();
    private final List<Sent> sent = new ArrayList<>();
    /** The exit of the last end event reached per process instance, until the instance ends. */
    private final Map<String, String> lastExit = new java.util.HashMap<>();

    void count(Key key, long n) {
        counts.merge(key, n, Long::sum);
    }

    void gauge(Gauge gauge, long delta) {
        gauges.merge(gauge, delta, Long::sum);
    }

    void sent(Sent message) {
        sent.add(message);
    }

    /**
     * An end event of the instance was reached. A deliberate exit (an end event with an {@code exit} property, e.g.
     * {@code holdout} inside a sub-process) is kept when a plain end event follows it (the sub-process's way out).
     */
    void reachedEnd(String processInstanceId, String exit) {
        lastExit.merge(processInstanceId, exit,
                (earlier, later) -> ScenarioModels.COMPLETED.equals(later) ? earlier : later);
    }

    String takeExit(String processInstanceId) {
        return lastExit.remove(processInstanceId);
    }

    Map<Key, Long> counts() {
        counts.values().removeIf(n -> n == 0);
        return counts;
    }

    Map<Gauge, Long> gauges() {
        gauges.values().removeIf(n -> n == 0);
        return gauges;
    }

    List<Sent> sentMessages() {
        return sent;
    }

    boolean isEmpty() {
        return counts().isEmpty() && gauges().isEmpty() && sent.isEmpty();
    }
}
