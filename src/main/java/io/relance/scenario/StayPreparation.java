package io.relance.scenario;

/**
 * The stay preparation scenario ({@code bpmn/stay-preparation.bpmn}): a confirmed booking gets a preparation email
 * {@code prepareDaysBefore} days (default 7) before departure at 09:00 in the traveller's time zone, at once for a late booking, none
 * when that booking is cancelled meanwhile or the departure is already over.
 */
public final class StayPreparation {

    public static final String PROCESS_KEY = "stay-preparation";
    public static final String MESSAGE_START = EventType.BOOKING_CONFIRMED;

    public static final String START_EVENT = "StartEvent_BookingConfirmed";
    public static final String GATEWAY_WHEN_TO_PREPARE = "Gateway_WhenToPrepare";
    public static final String END_ALREADY_DEPARTED = "EndEvent_AlreadyDeparted";
    public static final String GATEWAY_JOIN_WAIT = "Gateway_JoinWait";
    public static final String GATEWAY_CANCELLED_OR_TIME = "Gateway_CancelledOrPreparationTime";
    public static final String TIMER_PREPARATION_TIME = "Timer_PreparationTime";
    public static final String EVENT_BOOKING_CANCELLED = "Event_BookingCancelled";
    public static final String GATEWAY_THIS_BOOKING = "Gateway_ThisBookingCancelled";
    public static final String END_CANCELLED = "EndEvent_BookingCancelled";
    public static final String GATEWAY_JOIN_SEND = "Gateway_JoinSend";
    public static final String TASK_SEND_PREPARATION_EMAIL = "Task_SendPreparationEmail";
    public static final String END_PREPARATION_SENT = "EndEvent_PreparationSent";

    /** Message type (template key) of the preparation email; a service message around a booking. */
    public static final String MESSAGE_TYPE_PREPARATION = "stay-preparation";
    public static final String CATEGORY = "transactional";
    public static final int DEFAULT_DAYS_BEFORE = 7;

    /** Optional: where to. */
    public static final ProcessVariable<String> DESTINATION = ProcessVariable.string("destination");
    /** Optional event data; set to {@value #DEFAULT_DAYS_BEFORE} at the start when absent (a number). */
    public static final String PREPARE_DAYS_BEFORE_NAME = "prepareDaysBefore";
    public static final ProcessVariable<Object> PREPARE_DAYS_BEFORE = new ProcessVariable<>(PREPARE_DAYS_BEFORE_NAME,
            Object.class);
    /**
     * The traveller's time zone (an IANA id), set at the start from the contact's {@code timeZone}, else the
     * application's default ({@code ${contactZones.of(...)}}): the preparation goes out at 09:00 there.
     */
    public static final ProcessVariable<String> CONTACT_TIME_ZONE = ProcessVariable.string("contactTimeZone");
    /**
     * The booking of this instance, kept apart at the start: a {@code BookingCancelled} of the contact writes its
     * own {@code bookingId} into every waiting instance of that contact, this one tells whether it is ours.
     */
    public static final ProcessVariable<String> STAY_BOOKING_ID = ProcessVariable.string("stayBookingId");

    private StayPreparation() {
    }
}
