package io.relance.channel.webhook;

/**
 * The receiver accepted the call.
 *
 * @param status   its 2xx status
 * @param attempts how many attempts it took
 */
public record WebhookDelivery(int status, int attempts) {
}
