package io.relance.scenario;

/**
 * The first purchase scenario ({@code bpmn/first-purchase.bpmn}): on a contact's first order, a thank-you with what
 * happens next, then, once <em>that</em> order is delivered and the review delay has passed, a review request; a
 * return of that order before the review request ends the scenario without it. It is started for every
 * {@code OrderPlaced} by the transactional scenario (call activity {@link Transactional#CALL_FIRST_PURCHASE}, same
 * business key, all variables): Camunda lets only one process start on a given message name.
 */
public final class FirstPurchase {

    public static final String PROCESS_KEY = "first-purchase";
    /** The event that leads here, through the transactional scenario. */

    public static final String START_EVENT = "StartEvent_OrderPlaced";
    public static final String GATEWAY_FIRST_ORDER = "Gateway_FirstOrder";
    public static final String END_NOT_ELIGIBLE = "EndEvent_NotEligible";
    public static final String TASK_SEND_THANKS = "Task_SendFirstPurchaseThanks";
    /** Where a delivery of another order of the contact leads back: waiting again, under the same deadline. */
    public static final String GATEWAY_JOIN_DELIVERY_WAIT = "Gateway_JoinDeliveryWait";
    public static final String GATEWAY_DELIVERED_OR_TIMEOUT = "Gateway_DeliveredOrTimeout";
    public static final String EVENT_ORDER_DELIVERED = "Event_OrderDelivered";
    public static final String GATEWAY_THIS_ORDER_DELIVERED = "Gateway_ThisOrderDelivered";
    /** At {@link #DELIVERY_DEADLINE}. */
    public static final String TIMER_DELIVERY_TIMEOUT = "Timer_DeliveryTimeout";
    public static final String END_NOT_DELIVERED = "EndEvent_NotDelivered";
    /** The review delay after the delivery; a return meanwhile is caught beside it (non-interrupting boundary). */
    public static final String SUBPROCESS_REVIEW_DELAY = "SubProcess_ReviewDelay";
    public static final String TIMER_REVIEW_DELAY = "Timer_ReviewDelay";
    public static final String EVENT_ORDER_RETURNED = "Event_OrderReturned";
    public static final String GATEWAY_THIS_ORDER_RETURNED = "Gateway_ThisOrderReturned";
    /** A return of this order: terminates the scenario, no review request. */
    public static final String END_RETURNED = "EndEvent_Returned";
    /** A return of another order of the contact: only that branch ends, the review delay goes on. */
    public static final String END_ANOTHER_ORDER_RETURNED = "EndEvent_AnotherOrderReturned";
    public static final String TASK_SEND_REVIEW_REQUEST = "Task_SendReviewRequest";
    public static final String END_REVIEW_REQUESTED = "EndEvent_ReviewRequested";

    /** Message types (template keys); both commercial. */
    public static final String MESSAGE_TYPE_THANKS = "first-purchase-thanks";
    public static final String MESSAGE_TYPE_REVIEW_REQUEST = "review-request";
    public static final String CATEGORY = "commercial";

    /** Values of the {@code exit} property of the deliberate exits. */
    public static final String EXIT_NOT_ELIGIBLE = "not_eligible";
    public static final String EXIT_NOT_DELIVERED = "not_delivered";
    public static final String EXIT_RETURNED = "returned";
    /** The end of another order's return (a branch, not the scenario) is marked {@code completed}. */
    public static final String EXIT_COMPLETED = "completed";

    /** Event data of {@code OrderPlaced}: {@code true} when it is the contact's first order (a boolean). */
    public static final String FIRST_ORDER = "firstOrder";
    /** ISO-8601 duration between delivery and the review request; {@value #DEFAULT_REVIEW_DELAY} when unset. */
    public static final ProcessVariable<String> REVIEW_DELAY = ProcessVariable.string("reviewDelay");
    public static final String DEFAULT_REVIEW_DELAY = "P7D";
    /** ISO-8601 duration the scenario waits for the delivery; {@value #DEFAULT_DELIVERY_TIMEOUT} when unset. */
    public static final ProcessVariable<String> DELIVERY_TIMEOUT = ProcessVariable.string("deliveryTimeout");
    public static final String DEFAULT_DELIVERY_TIMEOUT = "P30D";
    /**
     * When the scenario stops waiting for the delivery: {@link #DELIVERY_TIMEOUT} after the thank-you, set once
     * ({@code ${firstPurchaseDates.deliveryDeadline(...)}}) so that waiting again after another order's delivery
     * keeps it.
     */
    public static final ProcessVariable<java.util.Date> DELIVERY_DEADLINE = ProcessVariable.date("deliveryDeadline");
    /**
     * The order of this instance ({@code orderId} of its {@code OrderPlaced}), kept apart at the start: an
     * {@code OrderDelivered} or {@code OrderReturned} of the contact writes its own {@code orderId} into every waiting
     * instance of that contact, this one tells whether it is ours (and puts {@code orderId} back when it is not).
     */
    public static final ProcessVariable<String> FIRST_PURCHASE_ORDER_ID =
            ProcessVariable.string("firstPurchaseOrderId");

    private FirstPurchase() {
    }
}
