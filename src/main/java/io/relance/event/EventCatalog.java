package io.relance.event;

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
        TYPES.put("NewsletterSubscribed", "the contact subscribed to the newsletter (data: source)");
        TYPES.put("CartAbandoned", "a cart was left without an order (data: cartUrl, amount, lines)");
        TYPES.put("CartUpdated", "the cart changed (data: amount, lines; an empty cart ends the reminders)");
        TYPES.put("OrderPlaced", "an order was placed (data: orderId, amount, firstOrder)");
        TYPES.put("OrderDelivered", "an order was delivered (data: orderId)");
        TYPES.put("OrderReturned", "a purchase was returned (data: orderId)");
        TYPES.put("RefundIssued", "a refund was made (data: orderId, amount)");
        TYPES.put("PasswordResetRequested", "the contact asked to reset a password (data: resetUrl)");
        TYPES.put("BookingConfirmed", "a booking was confirmed (data: bookingId, departureDate)");
        TYPES.put("BookingCancelled", "a booking was cancelled (data: bookingId)");
        TYPES.put("WhitePaperDownloaded", "a lead downloaded a white paper (data: title)");
        TYPES.put("FormSubmitted", "a lead submitted a contact form (data: formName)");
        TYPES.put("AppointmentRequested", "a lead asked for an appointment (data: preferredDate)");
        TYPES.put("EventPublished", "an event is promoted to a segment (data: eventName, eventDate, segment)");
        TYPES.put("EngagementChanged", "the contact's engagement segment changed (data: segment)");
        TYPES.put("BirthdayToday", "the contact's birthday (emitted by Relance's daily birthday run)");
        // Observed by Relance (reactions)
        TYPES.put("EmailOpened", "the contact opened an email (first open)");
        TYPES.put("LinkClicked", "the contact clicked a link of a message (data: url)");
        TYPES.put("Unsubscribed", "the contact unsubscribed from a channel (data: channel)");
        TYPES.put("SmsDelivered", "an SMS was delivered");
        TYPES.put("SmsFailed", "an SMS could not be delivered");
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
