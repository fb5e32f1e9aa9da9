package io.relance.scenario;

/**
 * The event promotion scenario ({@code bpmn/event-promotion.bpmn}): an invitation at once, a reminder to a contact
 * who has not opened it (after {@code P3D}, never later than the last call), and a last call the day before the
 * event at 09:00 Paris time. Only for a contact of the event's {@code segment} (contact attributes); a registration
 * for the event ({@code EventRegistered}) ends the reminders (exit {@code registered}).
 */
public final class EventPromotion {

    public static final String PROCESS_KEY = "event-promotion";
    public static final String MESSAGE_START = EventType.EVENT_PUBLISHED;

    public static final String START_EVENT = "StartEvent_EventPublished";
    public static final String GATEWAY_EVENT_AHEAD = "Gateway_EventStillAhead";
    public static final String END_EVENT_STARTED = "EndEvent_EventAlreadyStarted";
    public static final String TASK_SEND_INVITATION = "Task_SendInvitation";
    public static final String GATEWAY_LAST_CALL_AHEAD = "Gateway_LastCallAhead";
    public static final String END_INVITED_LATE = "EndEvent_InvitedLate";
    public static final String GATEWAY_JOIN_OPEN_WAIT = "Gateway_JoinOpenWait";
    public static final String GATEWAY_OPENED_OR_REMINDER_TIME = "Gateway_OpenedOrReminderTime";
    public static final String EVENT_EMAIL_OPENED = "Event_EmailOpened";
    public static final String GATEWAY_INVITATION_OPENED = "Gateway_InvitationOpened";
    public static final String TIMER_REMINDER_TIME = "Timer_ReminderTime";
    public static final String GATEWAY_REMINDER_BEFORE_LAST_CALL = "Gateway_ReminderBeforeLastCall";
    public static final String TASK_SEND_REMINDER = "Task_SendReminder";
    public static final String GATEWAY_JOIN_LAST_CALL = "Gateway_JoinLastCall";
    public static final String TIMER_LAST_CALL_TIME = "Timer_LastCallTime";
    public static final String TASK_SEND_LAST_CALL = "Task_SendLastCall";
    public static final String END_PROMOTED = "EndEvent_Promoted";
    public static final String GATEWAY_IN_SEGMENT = "Gateway_InSegment";
    public static final String END_NOT_IN_SEGMENT = "EndEvent_NotInSegment";
    public static final String GATEWAY_STILL_UNREGISTERED = "Gateway_StillUnregistered";
    public static final String END_REGISTERED = "EndEvent_Registered";
    public static final String SUBPROCESS_REGISTRATION = "SubProcess_Registration";
    public static final String START_EVENT_REGISTERED = "StartEvent_EventRegistered";

    public static final String MESSAGE_TYPE_INVITATION = "event-invitation";
    public static final String MESSAGE_TYPE_REMINDER = "event-reminder";
    public static final String MESSAGE_TYPE_LAST_CALL = "event-last-call";
    public static final String CATEGORY = "commercial";
    public static final String REMINDER_DELAY = "P3D";

    public static final ProcessVariable<String> EVENT_NAME = ProcessVariable.string("eventName");
    /** ISO date-time of the event, e.g. {@code 2026-12-20T19:30:00+01:00}. */
    public static final ProcessVariable<String> EVENT_DATE = ProcessVariable.string("eventDate");
    public static final ProcessVariable<String> EVENT_URL = ProcessVariable.string("eventUrl");
    /** The invitation's communication id (output of the invitation task): an open of that one stops the reminder. */
    public static final ProcessVariable<String> INVITATION_ID = ProcessVariable.string("invitationId");
    /** When the reminder is due (output of the invitation task): P3D later, never later than the last call. */
    public static final ProcessVariable<java.util.Date> REMINDER_AT = ProcessVariable.date("reminderAt");

    /** Contact attributes the contact must have, all of them (JSON object); none: every contact. */
    public static final String SEGMENT = "segment";
    /** The promoted event, remembered at the start (a registration to another event overwrites eventName...). */
    public static final ProcessVariable<String> PROMOTED_EVENT_NAME = ProcessVariable.string("promotedEventName");
    public static final ProcessVariable<String> PROMOTED_EVENT_DATE = ProcessVariable.string("promotedEventDate");
    public static final ProcessVariable<String> PROMOTED_EVENT_URL = ProcessVariable.string("promotedEventUrl");
    /** The contact registered for the promoted event ({@code EventRegistered}): no more reminders. */
    public static final ProcessVariable<Boolean> REGISTERED = ProcessVariable.bool("registered");

    private EventPromotion() {
    }
}
