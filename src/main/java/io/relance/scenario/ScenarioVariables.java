package io.relance.scenario;

import java.util.Set;

/**
 * Variables shared by several scenarios or set by Relance itself, each defined once. The per-process classes
 * ({@link Welcome}, {@link AbandonedCart}, ...) hold the variables only their process uses.
 * <p>
 * Every scenario instance receives {@link #CONTACT_ID} from the event intake, besides the event's {@code data};
 * the business key is the contact id too. Which event caused what, and when it occurred, is recorded by the intake
 * (table {@code inbound_event}), not in process variables: each variable costs several statements on every event.
 */
public final class ScenarioVariables {

    /** Set by the event intake: the contact the instance is about (also its business key). */
    public static final ProcessVariable<String> CONTACT_ID = ProcessVariable.string("contactId");

    /** Inputs of a send task (templates *Relance: send ...*): the message type, key of its template and priority. */
    public static final ProcessVariable<String> MESSAGE_TYPE = ProcessVariable.string("messageType");
    /** Input of a send task: {@code commercial} or {@code transactional}. */
    public static final ProcessVariable<String> CATEGORY = ProcessVariable.string("category");
    /** Outputs of a send task: {@code sent} or {@code suppressed}, the reason, the communication log entry. */
    public static final ProcessVariable<String> SEND_STATUS = ProcessVariable.string("sendStatus");
    public static final ProcessVariable<String> SEND_REASON = ProcessVariable.string("sendReason");
    public static final ProcessVariable<String> COMMUNICATION_ID = ProcessVariable.string("communicationId");

    /**
     * A channel's key: in an {@code Unsubscribed} event's data, the channel whose consent is withdrawn ({@code email},
     * the default, {@code sms} or {@code phone}); an input of a broadcast's registration task
     * ({@link BroadcastScenario#CHANNEL}).
     */
    public static final ProcessVariable<String> CHANNEL = ProcessVariable.string("channel");

    /** Input of a split test (template *Relance: split test*): the experiment's id in dmn/experiments.dmn. */
    public static final ProcessVariable<String> EXPERIMENT = ProcessVariable.string("experiment");
    /** Output of a split test: the contact's arm of the experiment, for the exclusive gateway after it. */
    public static final ProcessVariable<String> ARM = ProcessVariable.string("arm");

    /** The contact's value tier ({@code gold}, {@code silver}, ...), refining priorities and caps. */
    public static final ProcessVariable<String> VALUE_TIER = ProcessVariable.string("valueTier");

    /** Event data shared by several scenarios. */
    public static final ProcessVariable<String> ORDER_ID = ProcessVariable.string("orderId");
    public static final ProcessVariable<String> BOOKING_ID = ProcessVariable.string("bookingId");
    public static final ProcessVariable<String> DEPARTURE_DATE = ProcessVariable.string("departureDate");

    /** Set by the engine inside a multi-instance activity: the index of the current pass. */
    public static final ProcessVariable<Number> LOOP_COUNTER = ProcessVariable.number("loopCounter");

    /** Names an event's {@code data} may not use, because the intake sets them. */
    public static final Set<String> RESERVED = Set.of(CONTACT_ID.name());

    private ScenarioVariables() {
    }
}
