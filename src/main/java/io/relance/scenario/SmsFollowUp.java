package io.relance.scenario;

/**
 * The SMS follow-up of an email ({@code bpmn/sms-follow-up.bpmn}), started by Relance when
 * {@code dmn/channel-choice.dmn} answers {@code email-then-sms} for a commercial email it has just sent: it waits
 * {@code smsAfter} for an open or a click of <em>that</em> email ({@code EmailOpened} / {@code LinkClicked} with its
 * {@code communicationId}); without one, it sends the same message type by SMS (commercial: SMS consent, quiet hours
 * and caps apply).
 */
public final class SmsFollowUp {

    public static final String PROCESS_KEY = "sms-follow-up";

    public static final String START_EVENT = "StartEvent_EmailSent";
    public static final String GATEWAY_JOIN_WAIT = "Gateway_JoinWait";
    public static final String GATEWAY_REACTION_OR_TIME = "Gateway_ReactionOrTime";
    public static final String TIMER_NO_REACTION = "Timer_NoReaction";
    public static final String EVENT_EMAIL_OPENED = "Event_EmailOpened";
    public static final String EVENT_LINK_CLICKED = "Event_LinkClicked";
    public static final String GATEWAY_JOIN_REACTION = "Gateway_JoinReaction";
    public static final String GATEWAY_THIS_EMAIL = "Gateway_ThisEmail";
    public static final String END_REACTED = "EndEvent_Reacted";
    public static final String TASK_SEND_SMS = "Task_SendFollowUpSms";
    public static final String END_SMS_SENT = "EndEvent_SmsSent";

    /** The email followed: its communication id (an open or a click of another email does not count). */
    public static final ProcessVariable<String> FOLLOWED_COMMUNICATION_ID = ProcessVariable.string(
            "followedCommunicationId");
    /** Its message type: the SMS template sent without a reaction. */
    public static final ProcessVariable<String> FOLLOWED_MESSAGE_TYPE = ProcessVariable.string("followedMessageType");
    /** The scenario that sent the email (its process key), for the timeline and the figures. */
    public static final ProcessVariable<String> FOLLOWED_SCENARIO = ProcessVariable.string("followedScenario");
    /** How long to wait for a reaction, an ISO-8601 duration ({@code PT24H}), from dmn/channel-choice.dmn. */
    public static final ProcessVariable<String> SMS_AFTER = ProcessVariable.string("smsAfter");

    private SmsFollowUp() {
    }
}
