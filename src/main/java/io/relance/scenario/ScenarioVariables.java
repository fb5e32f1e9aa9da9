package io.relance.scenario;

import java.util.Date;
import java.util.Set;

/**
 * Variables every scenario instance receives from the event intake, besides the event's {@code data}. The business
 * key is the contact id too. Which event caused what is recorded by the intake (table {@code inbound_event}), not in
 * process variables: each variable costs inserts on every event.
 */
public final class ScenarioVariables {

    public static final ProcessVariable<String> CONTACT_ID = ProcessVariable.string("contactId");
    public static final ProcessVariable<Date> OCCURRED_AT = ProcessVariable.date("occurredAt");

    /** Names an event's {@code data} may not use, because the intake sets them. */
    public static final Set<String> RESERVED = Set.of(CONTACT_ID.name(), OCCURRED_AT.name());

    private ScenarioVariables() {
    }
}
