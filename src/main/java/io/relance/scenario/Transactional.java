package io.relance.scenario;

/**
 * The transactional messages ({@code bpmn/transactional.bpmn}): one process with a message start event per event
 * type, each on its own path to its send task (category {@code transactional}: no marketing consent needed, never
 * capped or held back) and its end. An order also starts the first purchase scenario ({@link FirstPurchase}) through
 * the call activity {@link #CALL_FIRST_PURCHASE}: Camunda lets only one process definition start on a given message
 * name, so {@code OrderPlaced} cannot be the start event of both.
 */
public final class Transactional {

    public static final String PROCESS_KEY = "transactional";
    public static final String CATEGORY = "transactional";


    public static final String START_ORDER_PLACED = "StartEvent_OrderPlaced";
    public static final String START_BOOKING_CONFIRMED = "StartEvent_BookingConfirmed";
    public static final String START_BOOKING_CANCELLED = "StartEvent_BookingCancelled";
    public static final String START_REFUND_ISSUED = "StartEvent_RefundIssued";
    public static final String START_PASSWORD_RESET_REQUESTED = "StartEvent_PasswordResetRequested";

    public static final String TASK_SEND_ORDER_CONFIRMATION = "Task_SendOrderConfirmation";
    public static final String TASK_SEND_BOOKING_CONFIRMATION = "Task_SendBookingConfirmation";
    public static final String TASK_SEND_BOOKING_CANCELLATION = "Task_SendBookingCancellation";
    public static final String TASK_SEND_REFUND_CONFIRMATION = "Task_SendRefundConfirmation";
    public static final String TASK_SEND_PASSWORD_RESET = "Task_SendPasswordReset";

    /** Starts {@code first-purchase} for every order (with all variables, same business key) and waits for it. */
    public static final String CALL_FIRST_PURCHASE = "Call_FirstPurchase";

    public static final String END_ORDER_CONFIRMATION_SENT = "EndEvent_OrderConfirmationSent";
    public static final String END_BOOKING_CONFIRMATION_SENT = "EndEvent_BookingConfirmationSent";
    public static final String END_BOOKING_CANCELLATION_SENT = "EndEvent_BookingCancellationSent";
    public static final String END_REFUND_CONFIRMATION_SENT = "EndEvent_RefundConfirmationSent";
    public static final String END_PASSWORD_RESET_SENT = "EndEvent_PasswordResetSent";

    /** Message types (template keys). */
    public static final String MESSAGE_TYPE_ORDER_CONFIRMATION = "order-confirmation";
    public static final String MESSAGE_TYPE_BOOKING_CONFIRMATION = "booking-confirmation";
    public static final String MESSAGE_TYPE_BOOKING_CANCELLATION = "booking-cancellation";
    public static final String MESSAGE_TYPE_REFUND = "refund";
    /** Not to be click-tracked: list it in {@code relance.email.untracked-types}. */
    public static final String MESSAGE_TYPE_PASSWORD_RESET = "password-reset";

    /** The amount of an order or a refund, a number in euros. */
    public static final String AMOUNT = "amount";
    /** The absolute https link that resets the password. */
    public static final ProcessVariable<String> RESET_URL = ProcessVariable.string("resetUrl");

    private Transactional() {
    }
}
