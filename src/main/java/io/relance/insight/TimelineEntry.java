package io.relance.insight;

import java.time.Instant;
import java.util.List;

/**
 * One line of a contact's timeline: an event received ({@code kind = "event"}), a message sent, suppressed or
 * failed ({@code kind = "communication"}; a suppressed one names the message that won its arbitration in
 * {@code winnerId}), or a commercial message waiting for its arbitration ({@code kind = "pending"}, decided at
 * {@code decideAt}, with its {@code priority}), or the contact's assignment to an arm of an experiment
 * ({@code kind = "experiment"}, with {@code experiment} and {@code arm}).
 */
public record TimelineEntry(Instant at, String kind, String type, String channel, String category, String status,
                            String reason, String scenario, String processInstanceId, List<String> instances,
                            String id, String winnerId, Instant decideAt, Integer priority, String experiment,
                            String arm) {

    public TimelineEntry(Instant at, String kind, String type, String channel, String category, String status,
                         String reason, String scenario, String processInstanceId, List<String> instances, String id,
                         String winnerId, Instant decideAt, Integer priority) {
        this(at, kind, type, channel, category, status, reason, scenario, processInstanceId, instances, id, winnerId,
                decideAt, priority, null, null);
    }
}
