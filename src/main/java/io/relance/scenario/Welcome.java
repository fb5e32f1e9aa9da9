package io.relance.scenario;

/** The welcome scenario ({@code bpmn/welcome.bpmn}): its key, element ids and variables. */
public final class Welcome {

    public static final String PROCESS_KEY = "welcome";
    public static final String MESSAGE_START = EventType.NEWSLETTER_SUBSCRIBED;

    public static final String START_EVENT = "StartEvent_NewsletterSubscribed";
    public static final String TASK_DECIDE_SETTINGS = "Task_DecideWelcomeSettings";
    public static final String TASK_SEND_WELCOME_EMAIL = "Task_SendWelcomeEmail";
    public static final String GATEWAY_REACTION_OR_DELAY = "Gateway_ReactionOrDelay";
    public static final String TIMER_WELCOME_DELAY = "Timer_WelcomeDelay";
    public static final String EVENT_UNSUBSCRIBED = "Event_Unsubscribed";
    public static final String EVENT_WELCOME_OPENED = "Event_WelcomeOpened";
    public static final String END_OPENED = "EndEvent_Opened";
    public static final String END_UNSUBSCRIBED = "EndEvent_Unsubscribed";
    public static final String TASK_SEND_REMINDER = "Task_SendWelcomeReminder";
    public static final String GATEWAY_REACTION_TO_REMINDER = "Gateway_ReactionToReminder";
    public static final String TIMER_SMS_DELAY = "Timer_SmsDelay";
    public static final String END_REMINDER_OPENED = "EndEvent_ReminderOpened";
    public static final String END_UNSUBSCRIBED_AFTER_REMINDER = "EndEvent_UnsubscribedAfterReminder";
    public static final String TASK_SEND_SMS = "Task_SendWelcomeSms";
    public static final String END_COMPLETED = "EndEvent_WelcomeCompleted";

    public static final String DECISION_SETTINGS = "welcome-settings";
    /** Message type (template key) of the thank-you email. */
    public static final String MESSAGE_TYPE_WELCOME = "welcome";

    /** Where the subscription came from (event data), e.g. {@code checkout} or {@code popup}. */
    public static final ProcessVariable<String> SOURCE = ProcessVariable.string("source");
    /** ISO-8601 duration between the second email and the SMS; default P4D. */
    public static final ProcessVariable<String> SMS_DELAY = ProcessVariable.string("smsDelay");
    /** ISO-8601 duration decided by {@code dmn/welcome-settings.dmn}. */
    public static final ProcessVariable<String> REMINDER_DELAY = ProcessVariable.string("reminderDelay");

    private Welcome() {
    }
}
