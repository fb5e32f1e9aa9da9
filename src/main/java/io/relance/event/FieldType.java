package io.relance.event;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The type of a field of an event's {@code data}, as the event catalogue declares it. */
public enum FieldType {

    STRING("string", "must be a string"),
    NUMBER("number", "must be a number (e.g. 49.9, or the decimal \"49.90\" as a string)"),
    BOOLEAN("boolean", "must be true or false"),
    DATE("date", "must be a date (YYYY-MM-DD)"),
    DATE_TIME("date-time", "must be a date-time with its offset (e.g. 2026-12-03T19:30:00+01:00)"),
    OBJECT("object", "must be an object"),
    ARRAY("array", "must be an array");

    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?");

    private final String key;
    private final String expectation;

    FieldType(String key, String expectation) {
        this.key = key;
        this.expectation = expectation;
    }

    /** The name used in the catalogue file and the API, e.g. {@code date-time}. */
    @JsonValue
    public String key() {
        return key;
    }

    /** What a value of this type must be, said to the sender, e.g. {@code must be a date (YYYY-MM-DD)}. */
    public String expectation() {
        return expectation;
    }

    public static Optional<FieldType> of(String key) {
        return Arrays.stream(values()).filter(type -> type.key.equals(key)).findFirst();
    }

    static String keys() {
        return Arrays.stream(values()).map(FieldType::key).collect(Collectors.joining(", "));
    }

    /**
     * Whether a (non-null) JSON value is of this type; dates and date-times are parsed strictly (ISO-8601); a number
     * may also be a plain decimal in a string ({@code "49.90"}).
     */
    public boolean accepts(JsonNode value) {
        return switch (this) {
            case STRING -> value.isTextual();
            // Shops often send amounts as decimal strings, exact where a binary double is not; the figures read both.
            case NUMBER -> value.isNumber() && (!value.isFloatingPointNumber() || Double.isFinite(value.doubleValue()))
                    || value.isTextual() && DECIMAL.matcher(value.textValue()).matches();
            case BOOLEAN -> value.isBoolean();
            case DATE -> value.isTextual() && parses(value.textValue(), DateTimeFormatter.ISO_LOCAL_DATE, true);
            case DATE_TIME -> value.isTextual()
                    && parses(value.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME, false);
            case OBJECT -> value.isObject();
            case ARRAY -> value.isArray();
        };
    }

    private static boolean parses(String text, DateTimeFormatter format, boolean date) {
        try {
            // Both formatters resolve strictly: 2026-02-30 and 24:00 are refused.
            if (date) {
                LocalDate.parse(text, format);
            } else {
                OffsetDateTime.parse(text, format);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
