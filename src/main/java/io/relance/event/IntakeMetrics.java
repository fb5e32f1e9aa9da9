package io.relance.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.relance.scenario.EventType;
import org.springframework.stereotype.Component;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code relance.events.received{type, outcome}}: events taken in by the intake. {@code type} is the event type when
 * it is one of the catalogue ({@link EventType}) or a deployed scenario's message, otherwise {@code other}, so that a
 * caller sending made-up types cannot grow the number of series.
 */
@Component
class IntakeMetrics {

    static final String RECEIVED = "relance.events.received";
    static final String OTHER = "other";
    private static final Set<String> CATALOGUE = catalogue();

    private final MeterRegistry registry;
    private final EventTypes eventTypes;

    IntakeMetrics(MeterRegistry registry, EventTypes eventTypes) {
        this.registry = registry;
        this.eventTypes = eventTypes;
    }

    /** Outcomes of one intake, as the {@code outcome} tag says them. */
    enum Outcome {
        ACCEPTED, REPLAYED, INVALID, UNKNOWN_CONTACT, UNKNOWN_TYPE, CONFLICT, REFUSED_BY_SCENARIO, BUSY, ERROR;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    void count(String type, Outcome outcome) {
        Counter.builder(RECEIVED).description("Events taken in by POST /api/events and Relance's own observations")
                .tag("type", typeTag(type)).tag("outcome", outcome.tag())
                .register(registry).increment();
    }

    String typeTag(String type) {
        if (type == null) {
            return OTHER;
        }
        return CATALOGUE.contains(type) || eventTypes.isKnown(type) ? type : OTHER;
    }

    private static Set<String> catalogue() {
        Set<String> names = new HashSet<>();
        for (Field field : EventType.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(names);
    }
}
