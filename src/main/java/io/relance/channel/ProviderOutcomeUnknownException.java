package io.relance.channel;

/**
 * The provider may or may not have taken the message: the failure came after the hand-over (the SMTP server stopped
 * answering, or the connection dropped, after the end of the message data; an SMS gateway's answer never came after
 * the request was fully written). Sending again could deliver it twice, so it is not retried: the send stays
 * {@code sending} with {@link #reason()} and ends in an incident for an operator, who checks the provider and
 * resolves it (see {@link SendOutcomeUnknownException}).
 */
public class ProviderOutcomeUnknownException extends RuntimeException {

    private final String reason;

    /** @param reason what happened, in Relance's words (no address or message content): kept on the send */
    public ProviderOutcomeUnknownException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
