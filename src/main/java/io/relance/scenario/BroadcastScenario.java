package io.relance.scenario;

/** Process keys and variables of the broadcast scenarios (bpmn/broadcast.bpmn, bpmn/monthly-newsletter.bpmn). */
public final class BroadcastScenario {

    public static final String PROCESS = "broadcast";
    public static final String NEWSLETTER_PROCESS = "monthly-newsletter";
    public static final String BROADCAST_ID = "broadcastId";
    public static final String RECIPIENTS = "recipients";
    public static final String TASK_REGISTER = "Task_RegisterRecipients";

    private BroadcastScenario() {
    }
}
