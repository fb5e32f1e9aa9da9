package io.relance.scenario;

/** The retention scenario ({@code bpmn/retention.bpmn}): its key, element ids and variables. */
public final class Retention {

    public static final String PROCESS_KEY = "retention";
    public static final String MESSAGE_START = EventType.ENGAGEMENT_CHANGED;

    public static final String START_EVENT = "StartEvent_EngagementChanged";
    public static final String GATEWAY_AT_RISK = "Gateway_AtRisk";
    public static final String END_NOT_ELIGIBLE = "EndEvent_NotEligible";
    public static final String SUBPROCESS_WINBACK = "SubProcess_Winback";
    public static final String TASK_SEND_WINBACK_1 = "Task_SendWinback1";
    public static final String TIMER_BEFORE_SECOND_WINBACK = "Timer_WaitBeforeSecondWinback";
    public static final String TASK_SEND_WINBACK_2 = "Task_SendWinback2";
    public static final String TIMER_WAIT_FOR_REACTION = "Timer_WaitForReaction";
    public static final String END_WINBACK_UNANSWERED = "EndEvent_WinbackUnanswered";
    public static final String EVENT_OPENED = "Event_EmailOpened";
    public static final String EVENT_CLICKED = "Event_LinkClicked";
    public static final String EVENT_ORDERED = "Event_OrderPlaced";
    public static final String END_REENGAGED_OPENED = "EndEvent_ReengagedByOpen";
    public static final String END_REENGAGED_CLICKED = "EndEvent_ReengagedByClick";
    public static final String END_REENGAGED_ORDERED = "EndEvent_ReengagedByOrder";
    public static final String TASK_DECIDE_CALLBACK = "Task_DecideSalesCallback";
    public static final String GATEWAY_CALLBACK = "Gateway_SalesCallback";
    /** Takes a slot of the day's call-back capacity ({@code ${callbackCapacity}}) before the call. */
    public static final String TASK_RESERVE_CALLBACK_SLOT = "Task_ReserveCallbackSlot";
    public static final String GATEWAY_CALLBACK_SLOT = "Gateway_CallbackSlot";
    public static final String TASK_CALL_BACK = "Task_CallBackCustomer";
    /** The outcome of the call ({@code outcome}, see {@code callback.CallOutcome}) steers the end. */
    public static final String GATEWAY_CALL_OUTCOME = "Gateway_CallOutcome";
    /** Outcome {@code reached}. */
    public static final String END_CALLED_BACK = "EndEvent_CalledBack";
    /** Outcome {@code converted}: exit {@code converted}. */
    public static final String END_CONVERTED = "EndEvent_Converted";
    /** Outcome {@code not_interested}: no further message, exit {@code not_interested}. */
    public static final String END_NOT_INTERESTED = "EndEvent_NotInterested";
    /** Joins "no slot or no consent" and "the call went unanswered" before the fallback email. */
    public static final String GATEWAY_JOIN_FALLBACK = "Gateway_JoinFallback";
    /** No call-back slot left today, or the call went unanswered: a last win-back email instead. */
    public static final String TASK_SEND_CALLBACK_FALLBACK = "Task_SendCallbackFallbackEmail";
    public static final String END_FALLBACK_EMAIL_SENT = "EndEvent_FallbackEmailSent";
    public static final String END_NO_REACTION = "EndEvent_NoReaction";

    public static final String DECISION_CALLBACK = "retention-callback";
    public static final String MESSAGE_TYPE_WINBACK_1 = "winback-1";
    public static final String MESSAGE_TYPE_WINBACK_2 = "winback-2";
    /** The call (its priority in {@code dmn/message-priority.dmn} for the call-back capacity). */
    public static final String MESSAGE_TYPE_WINBACK_CALLBACK = "winback-callback";
    /** The email sent instead of the call when the day's call-back capacity is used up. */
    public static final String MESSAGE_TYPE_WINBACK_CALLBACK_FALLBACK = "winback-callback-fallback";
    /** Delay between the two win-back emails, and then the wait for a reaction before the call-back. */
    public static final String WINBACK_DELAY = "P7D";
    public static final String REACTION_DELAY = "P7D";

    /** Decided by {@code dmn/retention-callback.dmn}: whether a sales rep calls the customer back. */
    public static final ProcessVariable<Boolean> SALES_CALLBACK = new ProcessVariable<>("salesCallback", Boolean.class);

    private Retention() {
    }
}
