package io.relance.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field of an event's {@code data}, as the event catalogue declares it.
 *
 * @param example a value of the declared type, or null
 */
public record EventField(String name, FieldType type, boolean required, String description, JsonNode example) {
}
