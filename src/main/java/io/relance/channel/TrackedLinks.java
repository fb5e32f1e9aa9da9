package io.relance.channel;

/**
 * The tracked addresses an email carries: its open pixel, its rewritten links and its unsubscribe link. Owned by
 * the channel that needs them; the tracking feature provides them (signed tokens) and serves them.
 */
public interface TrackedLinks {

    /** The open pixel of a communication. */
    String openPixel(String communicationId);

    /** The tracked address of the {@code link}-th link (from 0) of a communication. */
    String click(String communicationId, int link);

    /** The unsubscribe page (and one-click unsubscribe address) of a communication. */
    String unsubscribe(String communicationId);
}
