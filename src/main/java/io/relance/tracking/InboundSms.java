package io.relance.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A text message a contact sent to Relance's number, as Vonage's inbound-message webhook delivers it: GET query
 * parameters or a POST (form or JSON) with {@code msisdn} (the sender, E.164 without '+'), {@code to},
 * {@code text}, {@code messageId} and {@code message-timestamp} ({@code yyyy-MM-dd HH:mm:ss}, UTC). The Messages
 * API's names ({@code from}, {@code message_uuid}, {@code timestamp} in ISO-8601) are read too.
 *
 * @param from      the sender in E.164 ({@code +33612345678}); null when missing or not a phone number
 * @param text      the text, null when missing
 * @param messageId the provider's id of the message, null when missing
 * @param sentAt    when the provider received it, null when missing or unreadable
 */
record InboundSms(String from, String text, String messageId, Instant sentAt) {

    private static final Pattern DIGITS = Pattern.compile("\\+?([1-9][0-9]{6,14})");
    private static final DateTimeFormatter VONAGE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int MAX_TEXT = 1600;
    private static final int MAX_ID = 100;

    static InboundSms fromParameters(Map<String, String> parameters) {
        return of(first(parameters.get("msisdn"), parameters.get("from")), parameters.get("text"),
                first(parameters.get("messageId"), parameters.get("message_uuid")),
                first(parameters.get("message-timestamp"), parameters.get("timestamp")));
    }

    /** @throws IllegalArgumentException when the body is not a JSON object */
    static InboundSms fromJson(ObjectMapper json, String body) {
        JsonNode node;
        try {
            node = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return of(first(text(node, "msisdn"), text(node, "from")), text(node, "text"),
                first(text(node, "messageId"), text(node, "message_uuid")),
                first(text(node, "message-timestamp"), text(node, "timestamp")));
    }

    boolean complete() {
        return from != null && text != null;
    }

    private static InboundSms of(String msisdn, String text, String messageId, String timestamp) {
        String from = null;
        if (msisdn != null) {
            var matcher = DIGITS.matcher(msisdn.strip());
            if (matcher.matches()) {
                from = "+" + matcher.group(1);
            }
        }
        String shortText = text == null ? null : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        String id = messageId == null || messageId.isBlank() ? null
                : messageId.strip().length() > MAX_ID ? messageId.strip().substring(0, MAX_ID) : messageId.strip();
        return new InboundSms(from, shortText, id, instant(timestamp));
    }

    private static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(timestamp.strip(), VONAGE_TIMESTAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(timestamp.strip()).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
