package io.relance.scenario;

/** Process keys and variables of the broadcast scenarios (bpmn/broadcast.bpmn, bpmn/monthly-newsletter.bpmn). */
public final class BroadcastScenario {

    public static final String PROCESS = "broadcast";
    public static final String NEWSLETTER_PROCESS = "monthly-newsletter";
    /** The broadcast the instance registers (set by POST /api/broadcasts, or by the task for a scheduled one). */
    public static final ProcessVariable<String> BROADCAST_ID = ProcessVariable.string("broadcastId");
    /** Output of the registration: how many recipients were registered. */
    public static final ProcessVariable<Number> RECIPIENTS = ProcessVariable.number("recipients");
    /** Output of a registration slice: every recipient is registered (else the task runs again for the next slice). */
    public static final ProcessVariable<Boolean> REGISTERED = ProcessVariable.bool("recipientsRegistered");
    /** Inputs of a scheduled broadcast's registration task (with {@link ScenarioVariables#MESSAGE_TYPE}). */
    public static final ProcessVariable<String> NAME = ProcessVariable.string("name");
    public static final ProcessVariable<String> CHANNEL = ScenarioVariables.CHANNEL;
    public static final String TASK_REGISTER = "Task_RegisterRecipients";

    private BroadcastScenario() {
    }
}
