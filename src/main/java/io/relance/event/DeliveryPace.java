package io.relance.event;

/**
 * Whether this node's messages run behind the events that cause them: the work waiting to be sent is more than the
 * node takes in one round. The intake then takes its turns ({@link IntakeGate}); implemented by the feature that
 * delivers the messages.
 */
public interface DeliveryPace {

    boolean behind();
}
