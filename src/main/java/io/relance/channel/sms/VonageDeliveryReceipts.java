package io.relance.channel.sms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.springframework.modulith.NamedInterface;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads Vonage SMS delivery receipts (DLR), which Vonage sends to the configured webhook as GET query parameters
 * or as a POST (JSON or form), with the fields {@code messageId}, {@code msisdn}, {@code to}, {@code status},
 * {@code err-code}, {@code client-ref}, {@code message-timestamp}, {@code price}, {@code network-code},
 * {@code scts}.
 *
 * <p>Statuses and error codes from Vonage's delivery receipts guide
 * (https://developer.vonage.com/messaging/sms/guides/delivery-receipts): {@code delivered} →
 * {@link DeliveryReceipt.Outcome#DELIVERED}; {@code expired}, {@code failed}, {@code rejected} →
 * {@link DeliveryReceipt.Outcome#FAILED}; {@code accepted}, {@code buffered}, {@code unknown} (and anything
 * else) → {@link DeliveryReceipt.Outcome#PENDING}.
 *
 * <p>The phone number ({@code msisdn}) is deliberately not kept: the reference identifies the send. Vonage does
 * not sign these requests unless signed webhooks are enabled on the account; whoever exposes the endpoint should
 * make its URL unguessable or check Vonage's signature.
 */
@NamedInterface("receipts")
public final class VonageDeliveryReceipts {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Vonage DLR {@code err-code} meanings. */
    private static final Map<String, String> ERRORS = Map.ofEntries(
            Map.entry("0", "Delivered"),
            Map.entry("1", "Unknown"),
            Map.entry("2", "Absent Subscriber - Temporary"),
            Map.entry("3", "Absent Subscriber - Permanent"),
            Map.entry("4", "Call Barred by User"),
            Map.entry("5", "Portability Error"),
            Map.entry("6", "Anti-Spam Rejection"),
            Map.entry("7", "Handset Busy"),
            Map.entry("8", "Network Error"),
            Map.entry("9", "Illegal Number"),
            Map.entry("10", "Illegal Message"),
            Map.entry("11", "Unroutable"),
            Map.entry("12", "Destination Unreachable"),
            Map.entry("13", "Subscriber Age Restriction"),
            Map.entry("14", "Number Blocked by Carrier"),
            Map.entry("15", "Prepaid Insufficient Funds"),
            Map.entry("99", "General Error"));

    private final ObjectMapper json = JsonMapper.builder().build();

    /**
     * A receipt sent as query parameters (GET) or a form (POST {@code application/x-www-form-urlencoded}).
     *
     * @throws IllegalArgumentException when {@code messageId} or {@code status} is missing
     */
    public DeliveryReceipt fromParameters(Map<String, String> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        return read(parameters);
    }

    /**
     * A receipt sent as a JSON body (POST {@code application/json}).
     *
     * @throws IllegalArgumentException when the body is not a JSON object, or {@code messageId} or {@code status}
     *                                  is missing
     */
    public DeliveryReceipt fromJson(String body) {
        JsonNode node;
        try {
            node = body == null ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A Vonage delivery receipt must be a JSON object: "
                    + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("A Vonage delivery receipt must be a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                fields.put(field.getKey(), field.getValue().asText());
            }
        });
        return read(fields);
    }

    private static DeliveryReceipt read(Map<String, String> fields) {
        String messageId = text(fields, "messageId");
        String status = text(fields, "status");
        if (messageId == null || status == null) {
            throw new IllegalArgumentException("Not a Vonage delivery receipt: "
                    + (messageId == null ? "messageId" : "status") + " is missing");
        }
        String normalized = status.toLowerCase(Locale.ROOT);
        DeliveryReceipt.Outcome outcome = switch (normalized) {
            case "delivered" -> DeliveryReceipt.Outcome.DELIVERED;
            case "expired", "failed", "rejected" -> DeliveryReceipt.Outcome.FAILED;
            default -> DeliveryReceipt.Outcome.PENDING;
        };
        return new DeliveryReceipt(text(fields, "client-ref"), messageId, outcome,
                detail(normalized, text(fields, "err-code")), timestamp(text(fields, "message-timestamp")));
    }

    private static String detail(String status, String errorCode) {
        if (errorCode == null || (errorCode.equals("0") && status.equals("delivered"))) {
            return status;
        }
        String meaning = ERRORS.get(errorCode);
        return status + ": " + (meaning == null ? "error" : meaning) + " (err-code " + errorCode + ")";
    }

    /** {@code 2026-11-23 09:30:00} in UTC, as Vonage writes it; null when absent or unreadable. */
    private static Instant timestamp(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, TIMESTAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
