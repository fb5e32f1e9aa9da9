package io.relance.channel;

/**
 * A provider refused the message for good (invalid address or number, 4xx): retrying would not help. The send is
 * recorded as {@code failed} with {@link #reason()} and the scenario takes its error path.
 */
public class ProviderRejectedException extends RuntimeException {

    private final String reason;

    public ProviderRejectedException(String reason) {
        super(reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
