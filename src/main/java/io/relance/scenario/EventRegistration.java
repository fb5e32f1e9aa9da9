package io.relance.scenario;

/**
 * The event registration scenario ({@code bpmn/event-registration.bpmn}): {@code EventRegistered} → confirmation at
 * once, a reminder the day before at 09:00 Paris time (both transactional), a thank-you the day after with the
 * replay or the survey (commercial). The dates are those of {@link EventDates}.
 */
public final class EventRegistration {

    public static final String PROCESS_KEY = "event-registration";
    public static final String MESSAGE_START = EventType.EVENT_REGISTERED;

    public static final String START_EVENT = "StartEvent_EventRegistered";
    public static final String GATEWAY_EVENT_AHEAD = "Gateway_EventStillAhead";
    public static final String END_EVENT_OVER = "EndEvent_EventOver";
    public static final String TASK_SEND_CONFIRMATION = "Task_SendConfirmation";
    public static final String GATEWAY_REMINDER_AHEAD = "Gateway_ReminderAhead";
    public static final String TIMER_DAY_BEFORE = "Timer_DayBefore";
    public static final String TASK_SEND_REMINDER = "Task_SendReminder";
    public static final String TIMER_DAY_AFTER = "Timer_DayAfter";
    public static final String TASK_SEND_THANK_YOU = "Task_SendThankYou";
    public static final String END_THANKED = "EndEvent_Thanked";

    public static final String MESSAGE_TYPE_CONFIRMATION = "event-registration-confirmation";
    public static final String MESSAGE_TYPE_REMINDER = "event-registration-reminder";
    public static final String MESSAGE_TYPE_THANK_YOU = "event-thank-you";

    public static final ProcessVariable<String> EVENT_NAME = EventPromotion.EVENT_NAME;
    public static final ProcessVariable<String> EVENT_DATE = EventPromotion.EVENT_DATE;
    public static final ProcessVariable<String> EVENT_URL = EventPromotion.EVENT_URL;
    public static final ProcessVariable<String> REPLAY_URL = ProcessVariable.string("replayUrl");
    public static final ProcessVariable<String> SURVEY_URL = ProcessVariable.string("surveyUrl");

    private EventRegistration() {
    }
}
