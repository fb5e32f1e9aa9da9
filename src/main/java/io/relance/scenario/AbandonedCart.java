package io.relance.scenario;

/**
 * The abandoned-cart scenario ({@code bpmn/abandoned-cart.bpmn}): its key, messages, element ids and variables.
 * Up to three reminders after a {@code CartAbandoned}; an {@code OrderPlaced} ends it as converted, a
 * {@code CartUpdated} with an empty cart ends it too.
 */
public final class AbandonedCart {

    public static final String PROCESS_KEY = "abandoned-cart";
    public static final String MESSAGE_START = EventType.CART_ABANDONED;

    public static final String START_EVENT = "StartEvent_CartAbandoned";
    public static final String TASK_DECIDE_SETTINGS = "Task_DecideCartSettings";
    public static final String GATEWAY_ELIGIBLE = "Gateway_Eligible";
    public static final String SUB_REMINDERS = "Sub_Reminders";
    /** Split test of the first reminder (experiment {@link #EXPERIMENT_FIRST_REMINDER}), then a gateway on the arm. */
    public static final String TASK_SPLIT_FIRST_REMINDER = "Task_SplitFirstReminder";
    public static final String GATEWAY_FIRST_REMINDER_ARM = "Gateway_FirstReminderArm";
    /** The reference arm's delay: {@link #FIRST_REMINDER_DELAY} from the DMN. */
    public static final String TIMER_FIRST_REMINDER_DELAY = "Timer_FirstReminderDelay";
    /** Arm {@link #ARM_THREE_HOURS}: the first reminder 3 hours after the abandonment. */
    public static final String TIMER_FIRST_REMINDER_LATE = "Timer_FirstReminderLate";
    public static final String GATEWAY_FIRST_REMINDER_JOIN = "Gateway_FirstReminderJoin";
    /** Arm {@link #ARM_HOLDOUT}: no reminder at all (exit {@code holdout}). */
    public static final String END_HOLDOUT = "EndEvent_Holdout";
    public static final String TASK_SEND_REMINDER_1 = "Task_SendReminder1";
    public static final String GATEWAY_SECOND_REMINDER_WANTED = "Gateway_SecondReminderWanted";
    public static final String TIMER_SECOND_REMINDER_DELAY = "Timer_SecondReminderDelay";
    public static final String TASK_SEND_REMINDER_2 = "Task_SendReminder2";
    public static final String GATEWAY_THIRD_REMINDER_WANTED = "Gateway_ThirdReminderWanted";
    public static final String TIMER_THIRD_REMINDER_DELAY = "Timer_ThirdReminderDelay";
    public static final String TASK_SEND_REMINDER_3 = "Task_SendReminder3";
    public static final String END_REMINDERS_SENT = "EndEvent_RemindersSent";
    /** Event subprocess (non-interrupting) reached by every {@code CartUpdated} while reminders are pending. */
    public static final String EVENT_SUB_CART_UPDATED = "EventSub_CartUpdated";
    public static final String GATEWAY_CART_EMPTY = "Gateway_CartEmpty";
    public static final String END_THROW_CART_EMPTIED = "EndEvent_ThrowCartEmptied";
    public static final String END_CART_STILL_FULL = "EndEvent_CartStillFull";
    public static final String BOUNDARY_ORDER_PLACED = "Boundary_OrderPlaced";
    /** A new {@code CartAbandoned} of the contact: the new instance takes over, this one ends. */
    public static final String BOUNDARY_CART_ABANDONED_AGAIN = "Boundary_CartAbandonedAgain";
    public static final String BOUNDARY_CART_EMPTIED = "Boundary_CartEmptied";
    public static final String BOUNDARY_SEND_FAILED = "Boundary_SendFailed";

    public static final String END_NOT_ELIGIBLE = "EndEvent_NotEligible";
    public static final String END_CONVERTED = "EndEvent_Converted";
    public static final String END_CART_EMPTIED = "EndEvent_CartEmptied";
    public static final String END_SUPERSEDED = "EndEvent_Superseded";
    public static final String END_SEND_FAILED = "EndEvent_SendFailed";
    public static final String END_REMINDERS_DONE = "EndEvent_RemindersDone";

    public static final String DECISION_SETTINGS = "abandoned-cart-settings";

    /** The experiment on the first reminder (dmn/experiments.dmn) and its arms. */
    public static final String EXPERIMENT_FIRST_REMINDER = "cart-first-reminder";
    public static final String ARM_45_MINUTES = "45-minutes";
    public static final String ARM_THREE_HOURS = "3-hours";
    public static final String ARM_HOLDOUT = "holdout";
    /** Escalation thrown by the event subprocess when the cart was emptied. */
    public static final String ESCALATION_CART_EMPTIED = "CART_EMPTIED";

    /** Message types (template keys) of the three reminders. */
    public static final String MESSAGE_TYPE_REMINDER_1 = "cart-reminder-1";
    public static final String MESSAGE_TYPE_REMINDER_2 = "cart-reminder-2";
    public static final String MESSAGE_TYPE_REMINDER_3 = "cart-reminder-3";

    // Event data (CartAbandoned, CartUpdated): kept up to date by every CartUpdated the scenario receives.
    /** Link back to the cart (absolute https URL). */
    public static final ProcessVariable<String> CART_URL = ProcessVariable.string("cartUrl");
    /** Cart total: a Long or a Double, as the event sent it. */
    public static final ProcessVariable<Number> AMOUNT = new ProcessVariable<>("amount", Number.class);
    /** Cart lines, Spin JSON array of objects ({@code name}, {@code quantity}, {@code price}, ...). */
    public static final String LINES = "lines";

    // Decided by dmn/abandoned-cart-settings.dmn from the amount.
    /** ISO-8601 duration from the abandonment to the first reminder (e.g. PT45M). */
    public static final ProcessVariable<String> FIRST_REMINDER_DELAY = ProcessVariable.string("firstReminderDelay");
    /** ISO-8601 duration from the first to the second reminder (e.g. P1D). */
    public static final ProcessVariable<String> SECOND_REMINDER_DELAY = ProcessVariable.string("secondReminderDelay");
    /** ISO-8601 duration from the second to the third reminder (e.g. P2D). */
    public static final ProcessVariable<String> THIRD_REMINDER_DELAY = ProcessVariable.string("thirdReminderDelay");
    /** How many reminders at most: 0 (none) to 3. */
    public static final ProcessVariable<Integer> MAX_REMINDERS = new ProcessVariable<>("maxReminders", Integer.class);
    /** Discount code offered in the third reminder; null: the third reminder suggests other products instead. */
    public static final ProcessVariable<String> OFFER_CODE = ProcessVariable.string("offerCode");
    /** Discount of the offer code, in percent; null without a code. */
    public static final ProcessVariable<Integer> OFFER_PERCENT = new ProcessVariable<>("offerPercent", Integer.class);

    private AbandonedCart() {
    }
}
