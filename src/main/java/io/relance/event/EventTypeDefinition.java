package io.relance.event;

import java.util.List;

/** One event type of the catalogue ({@code bpmn/event-types.yaml}): what it means, who sends it, its data. */
public record EventTypeDefinition(String type, String description, Sender sentBy, List<EventField> fields) {

    /** Who sends events of a type. */
    public enum Sender {
        /** A shop, CRM or booking engine, through {@code POST /api/events}. */
        integration,
        /** Relance itself (its daily runs, the tracking of opens and clicks, delivery receipts). */
        relance,
        /** Either. */
        both
    }

    public EventTypeDefinition {
        fields = List.copyOf(fields);
    }
}
