package io.relance.datetrigger;

import io.relance.scenario.EventType;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The dates a row of {@code dmn/date-triggers.dmn} may count from: the contact's birth date, a contact attribute
 * (a {@code YYYY-MM-DD} string in {@code attributes}), or a field of the contact's latest event of a type.
 */
enum DateAttribute {

    BIRTH_DATE("birthDate", Source.BIRTH_DATE, null),
    CUSTOMER_SINCE("customerSince", Source.CONTACT_ATTRIBUTE, null),
    CONTRACT_END("contractEnd", Source.CONTACT_ATTRIBUTE, null),
    DEPARTURE_DATE("departureDate", Source.LATEST_EVENT, EventType.BOOKING_CONFIRMED);

    enum Source { BIRTH_DATE, CONTACT_ATTRIBUTE, LATEST_EVENT }

    private final String key;
    private final Source source;
    private final String eventType;

    DateAttribute(String key, Source source, String eventType) {
        this.key = key;
        this.source = source;
        this.eventType = eventType;
    }

    /** The name in the table (and in the contact's attributes or the event's data). */
    String key() {
        return key;
    }

    Source source() {
        return source;
    }

    /** For {@link Source#LATEST_EVENT}: the event type whose latest occurrence holds the date. */
    String eventType() {
        return eventType;
    }

    static Optional<DateAttribute> of(String key) {
        return Arrays.stream(values()).filter(a -> a.key.equals(key)).findFirst();
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(DateAttribute::key).toList();
    }
}
