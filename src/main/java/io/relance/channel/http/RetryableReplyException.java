package io.relance.channel.http;

/**
 * Thrown by a {@link ResilientHttp.ReplyHandler} when a 2xx answer nevertheless reports a temporary failure (an SMS
 * gateway's "throttled" status in a 200 body): the send is attempted again like after a 5xx, and ends as
 * {@link io.relance.channel.ProviderUnavailableException} when no attempt is left.
 */
public class RetryableReplyException extends RuntimeException {

    public RetryableReplyException(String reason) {
        super(reason);
    }
}
