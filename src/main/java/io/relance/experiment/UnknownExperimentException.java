package io.relance.experiment;

import io.relance.refusal.Refusal;

/** No experiment of that id in {@code dmn/experiments.dmn}. */
public class UnknownExperimentException extends Refusal {

    public UnknownExperimentException(String experiment) {
        super(Reason.NOT_FOUND, "Experiment not found",
                "No experiment '" + experiment + "' in dmn/experiments.dmn.");
    }
}
