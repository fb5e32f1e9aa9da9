package io.relance.scenario;

import java.util.Date;
import java.util.Set;

/** Variables every scenario instance receives from the event intake. Business key = contact id. */
public final class ScenarioVariables {

    public static final ProcessVariable<String> CONTACT_ID = ProcessVariable.string("contactId");
    public static final ProcessVariable<String> EVENT_ID = ProcessVariable.string("eventId");
    public static final ProcessVariable<String> EVENT_TYPE = ProcessVariable.string("eventType");
    public static final ProcessVariable<Date> OCCURRED_AT = ProcessVariable.date("occurredAt");

    /** Names an event's {@code data} may not use, because the intake sets them. */
    public static final Set<String> RESERVED = Set.of(CONTACT_ID.name(), EVENT_ID.name(), EVENT_TYPE.name(),
            OCCURRED_AT.name());

    private ScenarioVariables() {
    }
}
