package io.relance.scenario;

/**
 * The birthday greeting ({@code bpmn/birthday.bpmn}), started by {@code BirthdayToday}, which the date-trigger run
 * ({@link DateTriggerRun}, row {@code birthDate} of {@code dmn/date-triggers.dmn}) emits on the contact's birthday.
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


    private Birthday() {
    }
}
