package io.relance.scenario;

/**
 * The first purchase scenario ({@code bpmn/first-purchase.bpmn}): on a contact's first order, a thank-you with what
 * happens next, then, once the order is delivered and the review delay has passed, a review request. It is started
 * for every {@code OrderPlaced} by the transactional scenario (call activity {@link Transactional#CALL_FIRST_PURCHASE},
 * same business key, all variables): Camunda lets only one process start on a given message name.
 */
public final class FirstPurchase {

    public static final String PROCESS_KEY = "first-purchase";
    /** The event that leads here, through the transactional scenario. */

    public static final String START_EVENT = "StartEvent_OrderPlaced";
    public static final String GATEWAY_FIRST_ORDER = "Gateway_FirstOrder";
    public static final String END_NOT_ELIGIBLE = "EndEvent_NotEligible";
    public static final String TASK_SEND_THANKS = "Task_SendFirstPurchaseThanks";
    public static final String GATEWAY_DELIVERED_OR_TIMEOUT = "Gateway_DeliveredOrTimeout";
    public static final String EVENT_ORDER_DELIVERED = "Event_OrderDelivered";
    public static final String TIMER_DELIVERY_TIMEOUT = "Timer_DeliveryTimeout";
    public static final String END_NOT_DELIVERED = "EndEvent_NotDelivered";
    public static final String TIMER_REVIEW_DELAY = "Timer_ReviewDelay";
    public static final String TASK_SEND_REVIEW_REQUEST = "Task_SendReviewRequest";
    public static final String END_REVIEW_REQUESTED = "EndEvent_ReviewRequested";

    /** Message types (template keys); both commercial. */
    public static final String MESSAGE_TYPE_THANKS = "first-purchase-thanks";
    public static final String MESSAGE_TYPE_REVIEW_REQUEST = "review-request";
    public static final String CATEGORY = "commercial";

    /** Values of the {@code exit} property of the deliberate exits. */
    public static final String EXIT_NOT_ELIGIBLE = "not_eligible";
    public static final String EXIT_NOT_DELIVERED = "not_delivered";

    /** Event data of {@code OrderPlaced}: {@code true} when it is the contact's first order (a boolean). */
    public static final String FIRST_ORDER = "firstOrder";
    /** ISO-8601 duration between delivery and the review request; {@value #DEFAULT_REVIEW_DELAY} when unset. */
    public static final ProcessVariable<String> REVIEW_DELAY = ProcessVariable.string("reviewDelay");
    public static final String DEFAULT_REVIEW_DELAY = "P7D";
    /** ISO-8601 duration the scenario waits for the delivery; {@value #DEFAULT_DELIVERY_TIMEOUT} when unset. */
    public static final ProcessVariable<String> DELIVERY_TIMEOUT = ProcessVariable.string("deliveryTimeout");
    public static final String DEFAULT_DELIVERY_TIMEOUT = "P30D";

    private FirstPurchase() {
    }
}
