package io.relance.scenario;

/**
 * The birthday scenarios: the hourly run ({@code bpmn/birthday-run.bpmn}) that emits {@code BirthdayToday} for the
 * contacts whose birthday it is in their time zone, and the greeting ({@code bpmn/birthday.bpmn}) it starts.
 */
public final class Birthday {

    public static final String PROCESS_KEY = "birthday";
    public static final String MESSAGE_START = EventType.BIRTHDAY_TODAY;
    public static final String START_EVENT = "StartEvent_BirthdayToday";
    public static final String TASK_CHECK_ENTRY = "Task_CheckBirthdayEntry";
    public static final String GATEWAY_ELIGIBLE = "Gateway_Eligible";
    public static final String TASK_DECIDE_OFFER = "Task_DecideBirthdayOffer";
    public static final String TASK_SEND_GREETING = "Task_SendBirthdayGreeting";
    public static final String END_GREETED = "EndEvent_Greeted";
    public static final String END_NOT_ELIGIBLE = "EndEvent_NotEligible";
    public static final String DECISION_OFFER = "birthday-offer";
    /** Message type (template key, priority row) of the greeting. */
    public static final String MESSAGE_TYPE_BIRTHDAY = "birthday";

    public static final String RUN_PROCESS_KEY = "birthday-run";
    public static final String RUN_START_EVENT = "StartEvent_EveryHour";
    public static final String RUN_TASK_GREET = "Task_GreetBirthdays";
    public static final String RUN_END_DONE = "EndEvent_RunDone";

    /** Output of the run's task: how many contacts it greeted (a replayed greeting does not count). */
    public static final ProcessVariable<Number> GREETED = ProcessVariable.number("greeted");

    private Birthday() {
    }
}
