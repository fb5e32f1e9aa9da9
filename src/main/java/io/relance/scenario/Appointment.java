package io.relance.scenario;

/**
 * The appointment scenario ({@code bpmn/appointment.bpmn}, « prise de rendez-vous »): {@code AppointmentBooked} → a
 * confirmation email at once, then a reminder {@code reminderBefore} (PT24H) before the appointment, never at night
 * in the contact's time zone ({@link AppointmentDates}), by SMS when the contact has SMS consent and a phone number,
 * else by email (all transactional: they are about what the person booked). {@code AppointmentCancelled} of that
 * appointment ends it without a reminder; {@code AppointmentBooked} again with the same {@code appointmentId} (a
 * moved appointment) ends it too ({@code rescheduled}): the instance that booking starts confirms the new time and
 * reminds of it. Events of the contact's other appointments are ignored ({@link AppointmentBookings}).
 */
public final class Appointment {

    public static final String PROCESS_KEY = "appointment";
    public static final String MESSAGE_START = EventType.APPOINTMENT_BOOKED;

    public static final String START_EVENT = "StartEvent_AppointmentBooked";
    public static final String GATEWAY_APPOINTMENT_AHEAD = "Gateway_AppointmentAhead";
    public static final String END_APPOINTMENT_PAST = "EndEvent_AppointmentPast";
    public static final String TASK_SEND_CONFIRMATION = "Task_SendConfirmation";
    public static final String GATEWAY_ROOM_FOR_REMINDER = "Gateway_RoomForReminder";
    public static final String END_NO_ROOM_FOR_REMINDER = "EndEvent_NoRoomForReminder";
    public static final String GATEWAY_JOIN_WAIT = "Gateway_JoinWait";
    public static final String GATEWAY_REMINDER_OR_CHANGE = "Gateway_ReminderOrChange";
    public static final String TIMER_REMINDER = "Timer_Reminder";
    public static final String EVENT_BOOKED_AGAIN = "Event_AppointmentBookedAgain";
    public static final String GATEWAY_THIS_APPOINTMENT_MOVED = "Gateway_ThisAppointmentMoved";
    public static final String END_RESCHEDULED = "EndEvent_Rescheduled";
    public static final String EVENT_CANCELLED = "Event_AppointmentCancelled";
    public static final String GATEWAY_THIS_APPOINTMENT_CANCELLED = "Gateway_ThisAppointmentCancelled";
    public static final String END_CANCELLED = "EndEvent_Cancelled";
    public static final String GATEWAY_SMS_OR_EMAIL = "Gateway_SmsOrEmail";
    public static final String TASK_SEND_REMINDER_SMS = "Task_SendReminderSms";
    public static final String TASK_SEND_REMINDER_EMAIL = "Task_SendReminderEmail";
    public static final String END_REMINDED_BY_SMS = "EndEvent_RemindedBySms";
    public static final String END_REMINDED_BY_EMAIL = "EndEvent_RemindedByEmail";

    public static final String MESSAGE_TYPE_CONFIRMATION = "appointment-confirmation";
    public static final String MESSAGE_TYPE_REMINDER = "appointment-reminder";
    public static final String DEFAULT_REMINDER_BEFORE = "PT24H";

    /** Event data: the appointment's reference in the booking system. */
    public static final ProcessVariable<String> APPOINTMENT_ID = ProcessVariable.string("appointmentId");
    /** Event data: when it begins (ISO date-time with its offset). */
    public static final ProcessVariable<String> STARTS_AT = ProcessVariable.string("startsAt");
    /** Event data, optional: where. */
    public static final ProcessVariable<String> PLACE = ProcessVariable.string("place");
    /** Event data, optional: what for. */
    public static final ProcessVariable<String> SERVICE_NAME = ProcessVariable.string("serviceName");
    /** Event data, optional: the https page to move or cancel it. */
    public static final ProcessVariable<String> MANAGE_URL = ProcessVariable.string("manageUrl");
    /** Event data, optional: how long before the appointment the reminder goes out; set to PT24H when absent. */
    public static final ProcessVariable<String> REMINDER_BEFORE = ProcessVariable.string("reminderBefore");
    /** The contact's time zone at the booking (the contact's {@code timeZone}, else the default zone). */
    public static final ProcessVariable<String> CONTACT_TIME_ZONE = StayPreparation.CONTACT_TIME_ZONE;
    /** For the texts: the appointment's day ({@code 2026-12-10}) and time ({@code 14:30}) in the contact's zone. */
    public static final ProcessVariable<String> APPOINTMENT_DAY = ProcessVariable.string("appointmentDay");
    public static final ProcessVariable<String> APPOINTMENT_TIME = ProcessVariable.string("appointmentTime");

    /**
     * The booked appointment, kept apart at the start: an event of the contact writes its own data into every
     * waiting instance of that contact; these tell whether it is this appointment, and put this one's data back.
     */
    public static final ProcessVariable<String> BOOKED_APPOINTMENT_ID = ProcessVariable.string("bookedAppointmentId");
    public static final ProcessVariable<String> BOOKED_STARTS_AT = ProcessVariable.string("bookedStartsAt");
    public static final ProcessVariable<String> BOOKED_PLACE = ProcessVariable.string("bookedPlace");
    public static final ProcessVariable<String> BOOKED_SERVICE_NAME = ProcessVariable.string("bookedServiceName");
    public static final ProcessVariable<String> BOOKED_MANAGE_URL = ProcessVariable.string("bookedManageUrl");
    public static final ProcessVariable<String> BOOKED_REMINDER_BEFORE = ProcessVariable.string(
            "bookedReminderBefore");

    private Appointment() {
    }
}
