package io.relance.insight;

import java.time.Instant;
import java.util.List;

/**
 * One line of a contact's timeline: an event received ({@code kind = "event"}) or a message sent, held back or
 * failed ({@code kind = "communication"}).
 */
public record TimelineEntry(Instant at, String kind, String type, String channel, String category, String status,
                            String reason, String scenario, String processInstanceId, List<String> instances,
                            String id) {
}
