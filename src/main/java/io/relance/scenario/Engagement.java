package io.relance.scenario;

/**
 * Engagement ({@code bpmn/engagement-run.bpmn}, {@code dmn/engagement-segment.dmn}): the daily run, the decision
 * and the event it emits when a contact's segment changes.
 */
public final class Engagement {

    public static final String PROCESS_KEY = "engagement-run";
    public static final String START_EVENT = "StartEvent_EveryDay";
    public static final String TASK_COMPUTE = "Task_ComputeEngagement";
    public static final String END_RUN_DONE = "EndEvent_RunDone";

    public static final String DECISION_SEGMENT = "engagement-segment";
    public static final String SEGMENT_ENGAGED = "engaged";
    public static final String SEGMENT_ACTIVE = "active";
    public static final String SEGMENT_AT_RISK = "at_risk";
    public static final String SEGMENT_DORMANT = "dormant";
    /** {@code previousSegment} of a contact's first computation. */
    public static final String SEGMENT_NONE = "none";

    /** Output of the run's task: how many contacts changed segment. */
    public static final ProcessVariable<Number> CHANGED = ProcessVariable.number("changed");

    /**
     * A contact's activity: the inputs of the segment decision, and the data of {@code EngagementChanged} (hence
     * process variables of the scenarios it starts).
     */
    public static final ProcessVariable<Number> OPENS = ProcessVariable.number("opens");
    public static final ProcessVariable<Number> CLICKS = ProcessVariable.number("clicks");
    public static final ProcessVariable<Number> ORDERS = ProcessVariable.number("orders");
    public static final ProcessVariable<Number> DAYS_SINCE_LAST_ACTIVITY = ProcessVariable.number("daysSinceLastActivity");

    /** Event data (hence process variables of the scenarios it starts). */
    public static final ProcessVariable<String> SEGMENT = ProcessVariable.string("segment");
    public static final ProcessVariable<String> PREVIOUS_SEGMENT = ProcessVariable.string("previousSegment");

    private Engagement() {
    }
}
