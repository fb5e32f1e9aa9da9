package io.relance.support;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.Rule;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of the shipped {@code dmn/experiments.dmn} with cells changed as a marketer would change them in the
 * Modeler (a weight, {@code active}), deployed as a new version of the decision. The application reads the latest
 * version (looked up again after {@code relance.experiments.recheck}, 10 seconds by default): deploy it before the
 * test's first event.
 */
public final class ExperimentTableCopy {

    private final DmnModelInstance model = Dmn.readModelFromFile(Path.of("dmn/experiments.dmn").toFile());

    public static ExperimentTableCopy ofShipped() {
        return new ExperimentTableCopy();
    }

    /**
     * Ends experiments for a test that is not about them: {@code active = false} on all their rows. An ended
     * experiment gives every contact its reference arm and records nothing, so the scenario behaves as before the
     * experiment.
     */
    public static void end(RepositoryService repository, String... experiments) {
        ExperimentTableCopy copy = ofShipped();
        for (String experiment : experiments) {
            copy.set(experiment, null, "active", "false");
        }
        copy.deploy(repository);
    }

    /** Sets the output cell {@code output} of the experiment's row {@code arm} (null: every row) to a FEEL text. */
    public ExperimentTableCopy set(String experiment, String arm, String output, String text) {
        List<Output> outputs = new ArrayList<>(model.getModelElementsByType(Output.class));
        int column = -1;
        int armColumn = -1;
        for (int i = 0; i < outputs.size(); i++) {
            column = output.equals(outputs.get(i).getName()) ? i : column;
            armColumn = "arm".equals(outputs.get(i).getName()) ? i : armColumn;
        }
        if (column < 0) {
            throw new IllegalArgumentException("dmn/experiments.dmn has no output '" + output + "'");
        }
        int changed = 0;
        for (Rule rule : model.getModelElementsByType(Rule.class)) {
            String ruleExperiment = rule.getInputEntries().iterator().next().getTextContent().strip();
            String ruleArm = new ArrayList<>(rule.getOutputEntries()).get(armColumn).getTextContent().strip();
            if (ruleExperiment.equals('"' + experiment + '"') && (arm == null || ruleArm.equals('"' + arm + '"'))) {
                new ArrayList<>(rule.getOutputEntries()).get(column).getText().setTextContent(text);
                changed++;
            }
        }
        if (changed == 0) {
            throw new IllegalArgumentException("dmn/experiments.dmn has no row " + experiment + " / " + arm);
        }
        return this;
    }

    public void deploy(RepositoryService repository) {
        repository.createDeployment().name("test copy of dmn/experiments.dmn").enableDuplicateFiltering(true)
                .addInputStream("dmn/experiments.dmn", new ByteArrayInputStream(
                        Dmn.convertToString(model).getBytes(StandardCharsets.UTF_8)))
                .deploy();
    }
}
