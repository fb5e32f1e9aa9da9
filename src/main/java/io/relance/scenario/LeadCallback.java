package io.relance.scenario;

import io.relance.scenario.ProcessVariable;

import java.util.Date;

/**
 * The lead call-back scenario ({@code bpmn/lead-callback.bpmn}) and its task form ({@code bpmn/callback.form}): key,
 * element ids, variables. A white-paper download, a contact form or an appointment request starts it; a sales rep
 * calls the lead back from Tasklist and the outcome picked in the form decides how it goes on. No answer: the lead
 * gets the email {@code callback-missed} and a retry call is due the next business day, up to
 * {@code maxCallAttempts} calls in all. Each call first takes a slot of the day's call-back capacity
 * ({@link CallbackCapacityService}); when none is left, the scenario waits for the next business day and tries again.
 * A call needs the lead's phone consent: without it the call is recorded as suppressed and the scenario ends.
 */
public final class LeadCallback {

    public static final String PROCESS_KEY = "lead-callback";
    public static final String MESSAGE_START = EventType.WHITE_PAPER_DOWNLOADED;
    /** Message type of the calls (its priority in {@code dmn/message-priority.dmn} for the call-back capacity). */
    public static final String MESSAGE_TYPE_LEAD_CALLBACK = "lead-callback";
    /** Email sent to the lead when a call went unanswered (templates {@code callback-missed_<lang>}). */
    public static final String MESSAGE_TYPE_CALLBACK_MISSED = "callback-missed";
    /** Calls in all (first call included) when the scenario sets no {@code maxCallAttempts}. */
    public static final int DEFAULT_MAX_CALL_ATTEMPTS = 2;
    /** Id of the Camunda Form ({@code bpmn/callback.form}) the call-back task shows. */
    public static final String FORM_ID = "callback";

    public static final String START_EVENT = "StartEvent_WhitePaperDownloaded";
    public static final String START_FORM_SUBMITTED = "StartEvent_FormSubmitted";
    public static final String START_APPOINTMENT_REQUESTED = "StartEvent_AppointmentRequested";
    public static final String GATEWAY_LEAD_TO_CALL = "Gateway_LeadToCall";
    /** Takes a slot of the day's call-back capacity ({@code ${callbackCapacity}}) before the first call. */
    public static final String TASK_RESERVE_SLOT = "Task_ReserveCallbackSlot";
    public static final String GATEWAY_SLOT = "Gateway_CallbackSlot";
    /** The lead has no phone consent (callbackSlot {@code no_consent}): no call, exit {@code no_consent}. */
    public static final String END_NO_PHONE_CONSENT = "EndEvent_NoPhoneConsent";
    /** No slot left today: waits for the start of the next business day, then tries again. */
    public static final String TIMER_WAIT_FOR_SLOT = "Timer_WaitForCallbackSlot";
    public static final String TASK_CALL_BACK = "Task_CallBackLead";
    public static final String GATEWAY_CALL_OUTCOME = "Gateway_CallOutcome";
    public static final String END_REACHED = "EndEvent_Reached";
    /** No answer and no attempt left (only when {@code maxCallAttempts} is 1). */
    public static final String END_NO_ANSWER = "EndEvent_NoAnswer";
    public static final String END_NOT_INTERESTED = "EndEvent_NotInterested";
    public static final String END_CONVERTED = "EndEvent_Converted";
    public static final String TASK_SEND_CALLBACK_MISSED = "Task_SendCallbackMissedEmail";
    public static final String BOUNDARY_EMAIL_REFUSED = "BoundaryEvent_EmailRefused";
    public static final String GATEWAY_CALL_AGAIN = "Gateway_CallAgain";
    /** The same reservation before each retry call. */
    public static final String TASK_RESERVE_RETRY_SLOT = "Task_ReserveRetrySlot";
    public static final String GATEWAY_RETRY_SLOT = "Gateway_RetrySlot";
    /** Phone consent withdrawn before the retry call: no retry, exit {@code no_consent}. */
    public static final String END_NO_PHONE_CONSENT_ON_RETRY = "EndEvent_NoPhoneConsentOnRetry";
    public static final String TIMER_WAIT_FOR_RETRY_SLOT = "Timer_WaitForRetrySlot";
    public static final String TASK_RETRY_CALL_BACK = "Task_RetryCallBack";
    public static final String GATEWAY_RETRY_OUTCOME = "Gateway_RetryOutcome";
    public static final String END_CONVERTED_ON_RETRY = "EndEvent_ConvertedOnRetry";
    public static final String END_REACHED_ON_RETRY = "EndEvent_ReachedOnRetry";
    public static final String END_NOT_INTERESTED_ON_RETRY = "EndEvent_NotInterestedOnRetry";
    /** No answer to the last allowed call: a deliberate exit ({@code gave_up}). */
    public static final String END_GAVE_UP = "EndEvent_GaveUp";

    // Inputs (process variables, e.g. from the event's data)

    /** ISO-8601 duration from now until the call is due (e.g. {@code P1D}, {@code PT2H}); default P1D. */
    public static final ProcessVariable<String> CALLBACK_DUE = ProcessVariable.string("callbackDue");
    /** ISO-8601 duration from now until the rep should look at the task (follow-up date); default PT4H. */
    public static final ProcessVariable<String> CALLBACK_FOLLOW_UP = ProcessVariable.string("callbackFollowUp");
    /**
     * How many calls in all (first one included) before giving up on a lead who does not answer; default
     * {@value #DEFAULT_MAX_CALL_ATTEMPTS} (input expression of the first call-back task). A number.
     */
    public static final ProcessVariable<Object> MAX_CALL_ATTEMPTS = new ProcessVariable<>("maxCallAttempts",
            Object.class);
    /**
     * {@code true} on a call-back task due the next business day (Monday to Friday, {@code relance.callback.time-zone},
     * same time of day) rather than after {@code callbackDue}: the retry task's input.
     */
    public static final ProcessVariable<Boolean> CALLBACK_DUE_NEXT_BUSINESS_DAY =
            ProcessVariable.bool("callbackDueNextBusinessDay");
    /** Title of the downloaded white paper (event data {@code title}), optional. */
    public static final ProcessVariable<String> WHITE_PAPER_TITLE = ProcessVariable.string("title");

    // Set before the task is created (by the bean callbackSchedule), read by the task's due and follow-up dates

    public static final ProcessVariable<Date> CALLBACK_DUE_DATE = ProcessVariable.date("callbackDueDate");
    public static final ProcessVariable<Date> CALLBACK_FOLLOW_UP_DATE = ProcessVariable.date("callbackFollowUpDate");
    /** Calls made so far, the current one included (set by the bean callbackSchedule), read by the gateways. */
    public static final ProcessVariable<Integer> CALL_ATTEMPTS = new ProcessVariable<>("callAttempts", Integer.class);

    // Set when the scenario starts (by the bean callbackTrigger): the event type that started it

    public static final ProcessVariable<String> TRIGGER = ProcessVariable.string("trigger");

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
