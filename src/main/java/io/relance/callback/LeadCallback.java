package io.relance.callback;

import io.relance.scenario.ProcessVariable;

import java.util.Date;

/**
 * The lead call-back scenario ({@code bpmn/lead-callback.bpmn}) and its task form ({@code bpmn/callback.form}): key,
 * element ids, variables. A white-paper download starts it; a sales rep calls the lead back from Tasklist and the
 * outcome picked in the form decides how it ends.
 */
public final class LeadCallback {

    public static final String PROCESS_KEY = "lead-callback";
    public static final String MESSAGE_START = "WhitePaperDownloaded";
    /** Id of the Camunda Form ({@code bpmn/callback.form}) the call-back task shows. */
    public static final String FORM_ID = "callback";

    public static final String START_EVENT = "StartEvent_WhitePaperDownloaded";
    public static final String TASK_CALL_BACK = "Task_CallBackLead";
    public static final String GATEWAY_CALL_OUTCOME = "Gateway_CallOutcome";
    public static final String END_REACHED = "EndEvent_Reached";
    public static final String END_NO_ANSWER = "EndEvent_NoAnswer";
    public static final String END_NOT_INTERESTED = "EndEvent_NotInterested";
    public static final String END_CONVERTED = "EndEvent_Converted";

    // Inputs (process variables, e.g. from the event's data)

    /** ISO-8601 duration from now until the call is due (e.g. {@code P1D}, {@code PT2H}); default P1D. */
    public static final ProcessVariable<String> CALLBACK_DUE = ProcessVariable.string("callbackDue");
    /** ISO-8601 duration from now until the rep should look at the task (follow-up date); default PT4H. */
    public static final ProcessVariable<String> CALLBACK_FOLLOW_UP = ProcessVariable.string("callbackFollowUp");
    /** Title of the downloaded white paper (event data {@code title}), optional. */
    public static final ProcessVariable<String> WHITE_PAPER_TITLE = ProcessVariable.string("title");

    // Set before the task is created (by the bean callbackSchedule), read by the task's due and follow-up dates

    public static final ProcessVariable<Date> CALLBACK_DUE_DATE = ProcessVariable.date("callbackDueDate");
    public static final ProcessVariable<Date> CALLBACK_FOLLOW_UP_DATE = ProcessVariable.date("callbackFollowUpDate");

    // Task-local variables set when the task is created (by the bean callbackTask), shown by the form

    public static final ProcessVariable<String> CONTACT_NAME = ProcessVariable.string("contactName");
    public static final ProcessVariable<String> CONTACT_PHONE = ProcessVariable.string("contactPhone");
    public static final ProcessVariable<String> CALL_REASON = ProcessVariable.string("callReason");

    // Submitted with the form

    /** One of {@link CallOutcome}'s values: steers the gateway after the task. */
    public static final ProcessVariable<String> OUTCOME = ProcessVariable.string("outcome");
    /** Free text of the rep about the call. */
    public static final ProcessVariable<String> NOTE = ProcessVariable.string("note");

    private LeadCallback() {
    }
}
