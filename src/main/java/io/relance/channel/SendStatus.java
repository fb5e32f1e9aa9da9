package io.relance.channel;

import java.util.Locale;

/**
 * Where a send stands. {@code SENDING} is written before the provider is called: found again on a retry, it means
 * the outcome of an earlier attempt is unknown (crash after the provider call) and the message is not sent again.
 */
public enum SendStatus {
    SENDING, SENT, FAILED, SUPPRESSED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
