package io.relance.privacy;

import java.time.Instant;
import java.util.Map;

/**
 * The receipt of an erasure: the erasure record's id, when, how many scenario instances were cancelled and how many
 * instance histories deleted, and per table how many rows were deleted or made anonymous.
 */
public record Erasure(String contactId, String erasureId, Instant erasedAt, int instancesCancelled,
                      int historiesDeleted, Map<String, Integer> counts) {
}
