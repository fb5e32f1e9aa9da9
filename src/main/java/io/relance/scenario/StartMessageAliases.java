package io.relance.scenario;

/**
 * Camunda 7 lets only one process definition start on a given message name, while several Relance scenarios may
 * start on the same event (an order confirms and may also start a first-purchase series). At deployment, each
 * process-level message start event therefore gets a message of its own, named {@code <EventType>#<processKey>};
 * the event intake starts every scenario whose start message is {@code <EventType>} or {@code <EventType>#...}.
 * Designers keep plain event names in the Modeler; catch events (waiting instances) keep them too.
 */
public final class StartMessageAliases {

    public static final char SEPARATOR = '#';

    private StartMessageAliases() {
    }

    /** The event type a deployed message name stands for. */
    public static String eventType(String messageName) {
        int separator = messageName.indexOf(SEPARATOR);
        return separator < 0 ? messageName : messageName.substring(0, separator);
    }

    public static boolean isAlias(String messageName) {
        return messageName.indexOf(SEPARATOR) > 0;
    }

    /** The deployed start message of a process that starts on an event type. */
    public static String alias(String eventType, String processKey) {
        return eventType + SEPARATOR + processKey;
    }
}
