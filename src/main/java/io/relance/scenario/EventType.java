package io.relance.scenario;

/**
 * The names of the event types: each is the BPMN message name a scenario starts with or waits for, and the
 * {@code type} of {@code POST /api/events}, as Java code uses them. Defined here once; what each means and its data
 * fields are documented in the event catalogue, {@code bpmn/event-types.yaml} (which lists every constant here, and
 * may list more: types that only diagrams use), and the per-process classes refer to these constants.
 */
public final class EventType {

    // Sent by integrating systems
    public static final String NEWSLETTER_SUBSCRIBED = "NewsletterSubscribed";
    public static final String CART_ABANDONED = "CartAbandoned";
    public static final String CART_UPDATED = "CartUpdated";
    public static final String ORDER_PLACED = "OrderPlaced";
    public static final String ORDER_DELIVERED = "OrderDelivered";
    public static final String ORDER_RETURNED = "OrderReturned";
    public static final String REFUND_ISSUED = "RefundIssued";
    public static final String PASSWORD_RESET_REQUESTED = "PasswordResetRequested";
    public static final String BOOKING_CONFIRMED = "BookingConfirmed";
    public static final String BOOKING_CANCELLED = "BookingCancelled";
    public static final String WHITE_PAPER_DOWNLOADED = "WhitePaperDownloaded";
    public static final String FORM_SUBMITTED = "FormSubmitted";
    public static final String APPOINTMENT_REQUESTED = "AppointmentRequested";
    public static final String APPOINTMENT_BOOKED = "AppointmentBooked";
    public static final String APPOINTMENT_CANCELLED = "AppointmentCancelled";
    public static final String EVENT_PUBLISHED = "EventPublished";
    public static final String EVENT_REGISTERED = "EventRegistered";
    public static final String PRODUCT_VIEWED = "ProductViewed";
    public static final String CONTEST_ENTERED = "ContestEntered";
    public static final String CONTEST_RESULT_PUBLISHED = "ContestResultPublished";

    // Emitted by Relance's own runs
    public static final String ENGAGEMENT_CHANGED = "EngagementChanged";
    public static final String BIRTHDAY_TODAY = "BirthdayToday";
    public static final String CONTRACT_END_APPROACHING = "ContractEndApproaching";
    public static final String CUSTOMER_ANNIVERSARY = "CustomerAnniversary";
    public static final String DEPARTURE_APPROACHING = "DepartureApproaching";

    // Observed by Relance (reactions)
    public static final String EMAIL_OPENED = "EmailOpened";
    public static final String LINK_CLICKED = "LinkClicked";
    public static final String UNSUBSCRIBED = "Unsubscribed";
    public static final String SMS_DELIVERED = "SmsDelivered";
    public static final String SMS_FAILED = "SmsFailed";

    private EventType() {
    }
}
