package io.relance.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.OffsetDateTime;

/** Body of {@code POST /api/events}. */
public record EventRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}",
                message = "must be 1 to 128 letters, digits or . _ : @ -") String eventId,
        @NotBlank @Pattern(regexp = "[A-Z][A-Za-z0-9]{0,99}",
                message = "must be an event type in UpperCamelCase, e.g. CartAbandoned") String type,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}",
                message = "must be 1 to 64 letters, digits or . _ : @ -") String contactId,
        @NotNull OffsetDateTime occurredAt,
        ObjectNode data) {
}
