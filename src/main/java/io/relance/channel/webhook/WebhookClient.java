package io.relance.channel.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.channel.http.ResilientHttp;

import java.time.Clock;
import java.util.Map;

/**
 * Calls a receiver's webhook: a JSON POST through {@link ResilientHttp} (timeouts, retries, one
 * {@code Idempotency-Key} per send), signed as {@link WebhookSignature} describes. Each attempt is signed with a
 * fresh timestamp, so that a retry after a long wait still passes the receiver's tolerance; the body is the same
 * bytes every time.
 */
public final class WebhookClient implements AutoCloseable {

    private static final String JSON = "application/json; charset=utf-8";

    private final String defaultUrl;
    private final String secret;
    private final ResilientHttp http;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    WebhookClient(WebhookProperties properties, ResilientHttp http, ObjectMapper objectMapper, Clock clock) {
        this.defaultUrl = properties.url() == null || properties.url().isBlank() ? null : properties.url().strip();
        this.secret = properties.secret() == null || properties.secret().isEmpty() ? null : properties.secret();
        this.http = http;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /** Posts to {@code relance.webhook.url}. */
    public WebhookDelivery post(String idempotencyKey, Object jsonBody) {
        if (defaultUrl == null) {
            throw new IllegalStateException("No webhook URL: give one, or set relance.webhook.url");
        }
        return post(defaultUrl, idempotencyKey, jsonBody);
    }

    /**
     * @param url            the receiver
     * @param idempotencyKey the same for every attempt of this send, and for a later retry of it (e.g. the id of
     *                       the send): the receiver's way to recognise a repeat
     * @param jsonBody       serialised with the application's ObjectMapper
     * @throws io.relance.channel.ProviderRejectedException    the receiver answered 4xx (except 408, 429) or 3xx
     * @throws io.relance.channel.ProviderUnavailableException no 2xx after the retries
     * @throws IllegalStateException                           no {@code relance.webhook.secret} to sign with
     */
    public WebhookDelivery post(String url, String idempotencyKey, Object jsonBody) {
        if (secret == null) {
            throw new IllegalStateException("relance.webhook.secret is not set: webhook calls are always signed");
        }
        byte[] body;
        try {
            body = objectMapper.writeValueAsBytes(jsonBody);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write the webhook body as JSON: " + e.getOriginalMessage(), e);
        }
        return http.post(url, idempotencyKey, JSON, body, () -> {
            long timestamp = clock.instant().getEpochSecond();
            return Map.of(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp),
                    WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body));
        }, reply -> new WebhookDelivery(reply.status(), reply.attempts()));
    }

    @Override
    public void close() {
        http.close();
    }
}
