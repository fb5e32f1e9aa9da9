package io.relance.scenario;

import java.util.Set;

/**
 * Variables every scenario instance receives from the event intake, besides the event's {@code data}. The business
 * key is the contact id too. Which event caused what, and when it occurred, is recorded by the intake (table
 * {@code inbound_event}), not in process variables: each variable costs several statements on every event.
 */
public final class ScenarioVariables {

    public static final ProcessVariable<String> CONTACT_ID = ProcessVariable.string("contactId");

    /** Names an event's {@code data} may not use, because the intake sets them. */
    public static final Set<String> RESERVED = Set.of(CONTACT_ID.name());

    private ScenarioVariables() {
    }
}
