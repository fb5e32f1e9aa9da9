package io.relance.broadcast;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.Map;

/**
 * Body of {@code POST /api/broadcasts}.
 *
 * @param segment   contact attributes a recipient must have (all of them, equal values); empty: every contact
 * @param sendOn    the day it is sent (contact's calendar day, at the send slot); default: today
 * @param variables plain values for the template (offerPercent, offerCode, link...)
 */
public record BroadcastRequest(
        @NotBlank @Size(max = 255) String name,
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,99}",
                message = "must be a message type in kebab-case, e.g. promotion") String messageType,
        @Pattern(regexp = "email|sms", message = "must be email or sms") String channel,
        Map<String, Object> segment,
        LocalDate sendOn,
        Map<String, Object> variables) {
}
