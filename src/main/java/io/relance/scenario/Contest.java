package io.relance.scenario;

/**
 * The contest scenario ({@code bpmn/contest.bpmn}): {@code ContestEntered} → entry confirmation (transactional: it
 * confirms what the person just did), then the result of that contest ({@code ContestResultPublished}) at the draw
 * date at the earliest: the prize (transactional) or a consolation (commercial).
 */
public final class Contest {

    public static final String PROCESS_KEY = "contest";
    public static final String MESSAGE_START = EventType.CONTEST_ENTERED;

    public static final String START_EVENT = "StartEvent_ContestEntered";
    public static final String TASK_SEND_ENTRY_CONFIRMATION = "Task_SendEntryConfirmation";
    public static final String GATEWAY_RESULT_OR_DEADLINE = "Gateway_ResultOrDeadline";
    public static final String EVENT_RESULT_PUBLISHED = "Event_ContestResultPublished";
    public static final String TIMER_RESULT_DEADLINE = "Timer_ResultDeadline";
    public static final String END_NO_RESULT = "EndEvent_NoResult";
    public static final String GATEWAY_THIS_CONTEST = "Gateway_ThisContest";
    public static final String GATEWAY_DRAW_REACHED = "Gateway_DrawReached";
    public static final String TIMER_DRAW_DATE = "Timer_DrawDate";
    public static final String GATEWAY_WON = "Gateway_Won";
    public static final String TASK_SEND_WINNER_EMAIL = "Task_SendWinnerEmail";
    public static final String TASK_SEND_CONSOLATION_EMAIL = "Task_SendConsolationEmail";
    public static final String END_WINNER_INFORMED = "EndEvent_WinnerInformed";
    public static final String END_CONSOLATION_SENT = "EndEvent_ConsolationSent";

    public static final String MESSAGE_TYPE_ENTRY = "contest-entry";
    public static final String MESSAGE_TYPE_WON = "contest-won";
    public static final String MESSAGE_TYPE_LOST = "contest-lost";
    public static final String DEFAULT_RESULT_TIMEOUT = "P14D";

    public static final ProcessVariable<String> CONTEST_NAME = ProcessVariable.string("contestName");
    /** ISO date or date-time of the draw; a date alone means 09:00 Paris time. */
    public static final ProcessVariable<String> DRAW_DATE = ProcessVariable.string("drawDate");
    public static final ProcessVariable<String> CONTEST_URL = ProcessVariable.string("contestUrl");
    /** The contest this instance follows (copied at the start; other contests' results do not count). */
    public static final ProcessVariable<String> ENTERED_CONTEST = ProcessVariable.string("enteredContest");
    /** Result data ({@code ContestResultPublished}). */
    public static final ProcessVariable<Boolean> WON = ProcessVariable.bool("won");
    public static final ProcessVariable<String> PRIZE = ProcessVariable.string("prize");
    /** How long after the draw a result is awaited (ISO 8601, default {@link #DEFAULT_RESULT_TIMEOUT}). */
    public static final ProcessVariable<String> RESULT_TIMEOUT = ProcessVariable.string("resultTimeout");

    private Contest() {
    }
}
