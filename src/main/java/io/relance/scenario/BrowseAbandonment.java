package io.relance.scenario;

/**
 * The browse abandonment scenario ({@code bpmn/browse-abandonment.bpmn}, « relance de visite »): product pages
 * viewed ({@code ProductViewed}) without a cart or an order within {@code browseDelay} (default PT4H after the last
 * view) → one commercial reminder listing the products viewed. One instance per contact at a time: later views
 * reach the running instance (they extend the list, or are absorbed during the quiet period after a reminder), and
 * the instance they would start ends at once ({@code already_followed}).
 */
public final class BrowseAbandonment {

    public static final String PROCESS_KEY = "browse-abandonment";
    public static final String MESSAGE_START = EventType.PRODUCT_VIEWED;

    public static final String START_EVENT = "StartEvent_ProductViewed";
    public static final String GATEWAY_ALREADY_FOLLOWED = "Gateway_AlreadyFollowed";
    public static final String END_ALREADY_FOLLOWED = "EndEvent_AlreadyFollowed";
    public static final String GATEWAY_VIEWED_CART_OR_DELAY = "Gateway_ViewedCartOrDelay";
    public static final String TIMER_BROWSE_DELAY = "Timer_BrowseDelay";
    public static final String EVENT_PRODUCT_VIEWED_AGAIN = "Event_ProductViewedAgain";
    public static final String EVENT_CART_UPDATED = "Event_CartUpdated";
    public static final String EVENT_CART_ABANDONED = "Event_CartAbandoned";
    public static final String EVENT_ORDER_PLACED = "Event_OrderPlaced";
    public static final String END_IN_CART = "EndEvent_InCart";
    public static final String END_CART_ABANDONED = "EndEvent_CartAbandoned";
    public static final String END_ORDERED = "EndEvent_Ordered";
    public static final String TASK_SEND_BROWSE_REMINDER = "Task_SendBrowseReminder";
    public static final String GATEWAY_QUIET_OR_VIEWED = "Gateway_QuietOrViewed";
    public static final String TIMER_QUIET_PERIOD = "Timer_QuietPeriod";
    public static final String EVENT_PRODUCT_VIEWED_WHILE_QUIET = "Event_ProductViewedWhileQuiet";
    public static final String END_REMINDED = "EndEvent_Reminded";

    public static final String MESSAGE_TYPE_REMINDER = "browse-reminder";
    public static final String DEFAULT_BROWSE_DELAY = "PT4H";
    public static final String DEFAULT_REMIND_AGAIN_AFTER = "P7D";
    /** The reminder shows at most this many products, the latest viewed first. */
    public static final int MAX_PRODUCTS = 6;

    // One ProductViewed event's data
    public static final ProcessVariable<String> PRODUCT_ID = ProcessVariable.string("productId");
    public static final ProcessVariable<String> PRODUCT_NAME = ProcessVariable.string("productName");
    public static final ProcessVariable<String> PRODUCT_URL = ProcessVariable.string("productUrl");
    public static final ProcessVariable<Number> PRICE = ProcessVariable.number("price");
    public static final ProcessVariable<String> IMAGE_URL = ProcessVariable.string("imageUrl");
    /** The products viewed, latest first (JSON array of {@code {id, name, url, price, imageUrl}}). */
    public static final ProcessVariable<Object> VIEWED_PRODUCTS = ProcessVariable.json("viewedProducts");
    /** Delay without a cart or an order after the last view (ISO 8601, default {@link #DEFAULT_BROWSE_DELAY}). */
    public static final ProcessVariable<String> BROWSE_DELAY = ProcessVariable.string("browseDelay");
    /** After a reminder, views are absorbed for this long (default {@link #DEFAULT_REMIND_AGAIN_AFTER}). */
    public static final ProcessVariable<String> REMIND_AGAIN_AFTER = ProcessVariable.string("remindAgainAfter");
    public static final ProcessVariable<java.util.Date> QUIET_UNTIL = ProcessVariable.date("quietUntil");

    private BrowseAbandonment() {
    }
}
