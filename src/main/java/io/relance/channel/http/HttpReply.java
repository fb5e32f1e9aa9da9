package io.relance.channel.http;

/**
 * A 2xx answer of a provider.
 *
 * @param status   the HTTP status
 * @param body     the answer's body as UTF-8 text, at most the first 64 KiB; empty when there was none
 * @param attempts how many attempts this send took (1 when the first succeeded)
 */
public record HttpReply(int status, String body, int attempts) {
}
