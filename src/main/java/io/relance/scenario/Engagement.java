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

    /** Inputs of the segment decision. */
    public static final String INPUT_OPENS = "opens";
    public static final String INPUT_CLICKS = "clicks";
    public static final String INPUT_ORDERS = "orders";
    public static final String INPUT_DAYS_SINCE_LAST_ACTIVITY = "daysSinceLastActivity";

    /** Event data (hence process variables of the scenarios it starts). */
    public static final ProcessVariable<String> SEGMENT = ProcessVariable.string("segment");
    public static final ProcessVariable<String> PREVIOUS_SEGMENT = ProcessVariable.string("previousSegment");
    public static final ProcessVariable<String> VALUE_TIER = ProcessVariable.string("valueTier");
    public static final String DATA_OPENS = "opens";
    public static final String DATA_CLICKS = "clicks";
    public static final String DATA_ORDERS = "orders";
    public static final String DATA_DAYS_SINCE_LAST_ACTIVITY = "daysSinceLastActivity";

    private Engagement() {
    }
}
