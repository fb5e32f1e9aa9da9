package io.relance.event;

import io.relance.scenario.EventType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documented event types: the message names a scenario may start with or wait for. Shops, CRMs and booking
 * engines send them to {@code POST /api/events}; Relance itself emits the reactions (opens, clicks, unsubscribes,
 * SMS receipts). A scenario starting with a type not listed here is refused at deployment (a typo would otherwise
 * leave it waiting for an event nobody sends).
 */
public final class EventCatalog {

    private static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        // Sent by integrating systems
        TYPES.put(EventType.NEWSLETTER_SUBSCRIBED, "the contact subscribed to the newsletter (data: source)");
        TYPES.put(EventType.CART_ABANDONED, "a cart was left without an order (data: cartUrl, amount, lines)");
        TYPES.put(EventType.CART_UPDATED, "the cart changed (data: amount, lines; an empty cart ends the reminders)");
        TYPES.put(EventType.ORDER_PLACED, "an order was placed (data: orderId, amount, firstOrder)");
        TYPES.put(EventType.ORDER_DELIVERED, "an order was delivered (data: orderId)");
        TYPES.put(EventType.ORDER_RETURNED, "a purchase was returned (data: orderId)");
        TYPES.put(EventType.REFUND_ISSUED, "a refund was made (data: orderId, amount)");
        TYPES.put(EventType.PASSWORD_RESET_REQUESTED, "the contact asked to reset a password (data: resetUrl)");
        TYPES.put(EventType.BOOKING_CONFIRMED, "a booking was confirmed (data: bookingId, departureDate)");
        TYPES.put(EventType.BOOKING_CANCELLED, "a booking was cancelled (data: bookingId)");
        TYPES.put(EventType.WHITE_PAPER_DOWNLOADED, "a lead downloaded a white paper (data: title)");
        TYPES.put(EventType.FORM_SUBMITTED, "a lead submitted a contact form (data: formName)");
        TYPES.put(EventType.APPOINTMENT_REQUESTED, "a lead asked for an appointment (data: preferredDate)");
        TYPES.put(EventType.EVENT_PUBLISHED, "an event is promoted to a segment (data: eventName, eventDate, eventUrl; optional segment:"
                + " contact attributes the contact must have, all of them)");
        TYPES.put(EventType.EVENT_REGISTERED, "the contact registered for an event or accepted an invitation (data:"
                + " eventName, eventDate, eventUrl; optional replayUrl, surveyUrl)");
        TYPES.put(EventType.PRODUCT_VIEWED, "the contact viewed a product page (data: productId, productName,"
                + " productUrl, price; optional imageUrl)");
        TYPES.put(EventType.CONTEST_ENTERED, "the contact entered a contest (data: contestName, drawDate; optional"
                + " contestUrl)");
        TYPES.put(EventType.CONTEST_RESULT_PUBLISHED, "the result of a contest for the contact (data: contestName,"
                + " won, prize)");
        TYPES.put(EventType.ENGAGEMENT_CHANGED, "the contact's engagement segment changed (data: segment)");
        TYPES.put(EventType.BIRTHDAY_TODAY, "the contact's birthday (emitted by Relance's daily birthday run)");
        // Observed by Relance (reactions)
        TYPES.put(EventType.EMAIL_OPENED, "the contact opened an email (first open)");
        TYPES.put(EventType.LINK_CLICKED, "the contact clicked a link of a message (data: url)");
        TYPES.put(EventType.UNSUBSCRIBED, "the contact unsubscribed from a channel (data: channel)");
        TYPES.put(EventType.SMS_DELIVERED, "an SMS was delivered");
        TYPES.put(EventType.SMS_FAILED, "an SMS could not be delivered");
    }

    private EventCatalog() {
    }

    /** Type → what it means and its usual data. */
    public static Map<String, String> types() {
        return Collections.unmodifiableMap(TYPES);
    }

    public static boolean isDocumented(String type) {
        return TYPES.containsKey(type);
    }
}
