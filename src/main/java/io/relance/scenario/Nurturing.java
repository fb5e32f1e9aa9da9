package io.relance.scenario;

/** The nurturing scenario ({@code bpmn/nurturing.bpmn}): its key, element ids and variables. */
public final class Nurturing {

    public static final String PROCESS_KEY = "nurturing";
    public static final String MESSAGE_START = EventType.ORDER_DELIVERED;

    public static final String START_EVENT = "StartEvent_OrderDelivered";
    public static final String TASK_READ_ENGAGEMENT = "Task_ReadEngagement";
    public static final String TASK_DECIDE_ELIGIBILITY = "Task_DecideEligibility";
    public static final String GATEWAY_ELIGIBLE = "Gateway_Eligible";
    public static final String END_NOT_ELIGIBLE = "EndEvent_NotEligible";
    public static final String SUBPROCESS_NURTURING = "SubProcess_Nurturing";
    public static final String TIMER_ONE_WEEK = "Timer_WaitOneWeek";
    public static final String TASK_SEND_OPINION = "Task_SendOpinionRequest";
    public static final String TIMER_TWO_WEEKS = "Timer_WaitTwoWeeks";
    public static final String TASK_SEND_SUGGESTIONS = "Task_SendSuggestions";
    public static final String TIMER_THREE_WEEKS = "Timer_WaitThreeWeeks";
    public static final String TASK_SEND_TIPS = "Task_SendTips";
    public static final String END_SEQUENCE_DONE = "EndEvent_SequenceDone";
    public static final String EVENT_ORDER_RETURNED = "Event_OrderReturned";
    public static final String END_RETURNED = "EndEvent_Returned";
    public static final String END_COMPLETED = "EndEvent_NurturingCompleted";
    /** A new order of the contact during the sequence: it stops (exit {@code ordered_again}). */
    public static final String EVENT_ORDER_PLACED = "Event_OrderPlaced";
    public static final String END_ORDERED_AGAIN = "EndEvent_OrderedAgain";

    public static final String DECISION_ELIGIBILITY = "nurturing-eligibility";
    public static final String MESSAGE_TYPE_OPINION = "nurture-opinion";
    public static final String MESSAGE_TYPE_SUGGESTIONS = "nurture-suggestions";
    public static final String MESSAGE_TYPE_TIPS = "nurture-tips";

    /** Event data of OrderDelivered: whether the order was (partly) returned, a satisfaction score 1–5. */
    public static final String DATA_RETURNED = "returned";
    public static final String DATA_SATISFACTION = "satisfaction";
    /** Set by {@code ${engagementSegment}}: the contact's last computed engagement segment, or {@code none}. */
    public static final ProcessVariable<String> SEGMENT = Engagement.SEGMENT;
    /** The delays of the sequence (ISO-8601 durations; event data or a caller may set them), with their defaults. */
    public static final ProcessVariable<String> OPINION_DELAY = ProcessVariable.string("opinionDelay");
    public static final ProcessVariable<String> SUGGESTIONS_DELAY = ProcessVariable.string("suggestionsDelay");
    public static final ProcessVariable<String> TIPS_DELAY = ProcessVariable.string("tipsDelay");
    public static final String DEFAULT_OPINION_DELAY = "P1W";
    public static final String DEFAULT_SUGGESTIONS_DELAY = "P2W";
    public static final String DEFAULT_TIPS_DELAY = "P3W";
    /** Decided by {@code dmn/nurturing-eligibility.dmn}. */
    public static final ProcessVariable<Boolean> ELIGIBLE = new ProcessVariable<>("nurturingEligible", Boolean.class);

    private Nurturing() {
    }
}
