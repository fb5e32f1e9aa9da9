package io.relance.channel.sms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relance.channel.ProviderOutcomeUnknownException;
import io.relance.channel.ProviderRejectedException;
import io.relance.channel.ProviderUnavailableException;
import io.relance.channel.http.HttpReply;
import io.relance.channel.http.ResilientHttp;
import io.relance.channel.http.RetryableReplyException;

import java.util.Map;

/**
 * Sends SMS through the Vonage (ex-Nexmo) SMS API: a JSON POST to {@code {gateway-url}/sms/json}
 * (https://developer.vonage.com/en/api/sms).
 *
 * <p>Vonage answers HTTP 200 with a status per message part; {@link VonageStatus} says which are temporary
 * (retried), which concern our account (unavailable: an incident to fix, not a failed message) and which are
 * permanent (rejected with Vonage's {@code error-text}).
 *
 * <p>Vonage does not de-duplicate on the {@code Idempotency-Key} header: a retry after a timeout, when Vonage had
 * in fact accepted the first attempt, would send the SMS twice. So a request fully written that gets no readable
 * answer (read timeout, connection lost, HTTP 504, a 200 without its list of messages) is an unknown outcome
 * ({@link ProviderOutcomeUnknownException}), never retried; an operator looks the message up in Vonage's dashboard
 * (its {@code client-ref} is the communication id) and records the outcome.
 */
public final class VonageSmsGateway implements SmsGateway, AutoCloseable {

    private static final String JSON = "application/json; charset=utf-8";

    private final String endpoint;
    private final String apiKey;
    private final String apiSecret;
    private final String sender;
    private final String callbackUrl;
    private final ResilientHttp http;
    private final ObjectMapper json = JsonMapper.builder().build();

    VonageSmsGateway(SmsProperties properties, ResilientHttp http) {
        this.endpoint = properties.gatewayUrl().strip().replaceAll("/+$", "") + "/sms/json";
        this.apiKey = properties.apiKey();
        this.apiSecret = properties.apiSecret();
        this.sender = properties.sender();
        this.callbackUrl = properties.deliveryReceiptUrl();
        if (http.repeats() != ResilientHttp.Repeats.NOT_RECOGNISED) {
            throw new IllegalArgumentException("Vonage's SMS API does not recognise a repeated request: its client"
                    + " must not send again a request that may have arrived (Repeats.NOT_RECOGNISED)");
        }
        this.http = http;
    }

    String endpoint() {
        return endpoint;
    }

    @Override
    public SmsReceipt send(SmsMessage message) {
        if (!E164.isValid(message.to())) {
            throw new ProviderRejectedException("Not an E.164 phone number (expected + and 7 to 15 digits); SMS "
                    + message.reference() + " not sent");
        }
        return http.post(endpoint, message.reference(), JSON, request(message), Map::of, this::receipt);
    }

    private byte[] request(SmsMessage message) {
        ObjectNode body = json.createObjectNode()
                .put("api_key", apiKey)
                .put("api_secret", apiSecret)
                .put("from", sender)
                .put("to", E164.digits(message.to()))
                .put("text", message.text())
                .put("type", SmsText.measure(message.text()).encoding() == SmsEncoding.UCS_2 ? "unicode" : "text")
                .put("client-ref", message.reference());
        if (callbackUrl != null && !callbackUrl.isBlank()) {
            body.put("callback", callbackUrl);
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a Vonage request", e);
        }
    }

    /** Every part must be accepted; the first part not accepted decides. */
    private SmsReceipt receipt(HttpReply reply) {
        JsonNode messages;
        try {
            messages = json.readTree(reply.body()).path("messages");
        } catch (JsonProcessingException e) {
            messages = null;
        }
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new ProviderOutcomeUnknownException("Vonage answered HTTP " + reply.status()
                    + " without a list of messages (" + excerpt(reply.body()) + "); whether it took the SMS is unknown",
                    null);
        }
        String firstId = null;
        for (JsonNode part : messages) {
            String status = part.path("status").asText("");
            int code;
            try {
                code = Integer.parseInt(status.strip());
            } catch (NumberFormatException e) {
                code = -1;
            }
            VonageStatus known = VonageStatus.of(code);
            if (known == VonageStatus.SUCCESS) {
                if (firstId == null) {
                    firstId = part.path("message-id").asText(null);
                }
                continue;
            }
            String errorText = part.path("error-text").asText("");
            String what = "Vonage status " + status + (known == null ? "" : " (" + known.title + ")")
                    + (errorText.isBlank() ? "" : ": " + errorText);
            VonageStatus.Kind kind = known == null ? VonageStatus.Kind.ACCOUNT : known.kind;
            switch (kind) {
                case TEMPORARY -> throw new RetryableReplyException(what);
                case PERMANENT -> throw new ProviderRejectedException(what);
                default -> throw new ProviderUnavailableException(what + " — a problem with the Vonage account"
                        + " or an undocumented status, not with this message; fix it, then retry the job");
            }
        }
        if (firstId == null || firstId.isBlank()) {
            throw new ProviderOutcomeUnknownException("Vonage answered status 0 (success) without a message-id ("
                    + excerpt(reply.body()) + "); whether it took the SMS is unknown", null);
        }
        return new SmsReceipt(firstId);
    }

    /** Vonage's answer echoes the number: keep only the shape of what went wrong. */
    private static String excerpt(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        line = line.replaceAll("\"to\"\\s*:\\s*\"[^\"]*\"", "\"to\":\"…\"");
        return line.isEmpty() ? "empty body" : line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "VonageSmsGateway[" + endpoint + ", sender=" + sender + "]";
    }
}
