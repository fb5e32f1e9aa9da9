package io.relance.deployment;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad scenario file into a short start-up message naming the file and the problem. */
class ScenarioDeploymentFailureAnalyzer extends AbstractFailureAnalyzer<ScenarioDeploymentException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ScenarioDeploymentException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix " + cause.file() + " (open it in Camunda Modeler, which shows the problem) and start again."
                        + " Nothing was deployed by this start.", cause);
    }
}
