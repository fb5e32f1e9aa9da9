package io.relance.figures;

import io.relance.refusal.Refusal;

/** No deployed scenario (or no such version of it) has that process key. */
class UnknownScenarioException extends Refusal {

    UnknownScenarioException(String processKey, Integer version) {
        super(Reason.NOT_FOUND, "Scenario not found", version == null
                ? "No deployed scenario has the process key '" + processKey + "'."
                : "Scenario '" + processKey + "' has no deployed version " + version + ".");
    }
}
