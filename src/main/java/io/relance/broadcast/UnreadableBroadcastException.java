package io.relance.broadcast;

/**
 * A broadcast's stored JSON column cannot be read. Nothing is guessed in its place (an empty segment would mean every
 * contact): the work on that broadcast stops until the row is repaired, then is retried.
 */
public class UnreadableBroadcastException extends RuntimeException {

    private final String broadcastId;
    private final String column;

    UnreadableBroadcastException(String broadcastId, String column, String problem, Throwable cause) {
        super("Broadcast " + broadcastId + ": the stored JSON of column broadcast." + column + " is unreadable ("
                + problem + "); nothing is done for this broadcast until the column is repaired, then retried",
                cause);
        this.broadcastId = broadcastId;
        this.column = column;
    }

    public String broadcastId() {
        return broadcastId;
    }

    public String column() {
        return column;
    }
}
