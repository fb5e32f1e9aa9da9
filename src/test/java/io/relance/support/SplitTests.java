package io.relance.support;

import io.relance.experiment.Experiment;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The split tests of a process test ({@code ${splitTest}}, template <em>Relance: split test</em>): a stand-in that
 * answers the reference arm of the experiment as the deployed {@code dmn/experiments.dmn} says (deploy it with the
 * scenario), or the arm a test {@link #answer pins}. Which contact gets which arm in Relance (a hash of experiment and
 * contact, recorded once) is tested on the application ({@code ExperimentsOnH2Test}); a process test chooses the
 * branch it walks, as {@link Sends} chooses what the channel answers.
 */
public final class SplitTests {

    private final ProcessEngine engine;
    private final Map<String, String> pinned = new HashMap<>();
    private final List<String> asked = new ArrayList<>();

    SplitTests(ProcessEngine engine) {
        this.engine = engine;
    }

    void bind() {
        pinned.clear();
        asked.clear();
        Mocks.register("splitTest", (JavaDelegate) execution -> {
            String experiment = ScenarioVariables.EXPERIMENT.get(execution);
            asked.add(experiment);
            ScenarioVariables.ARM.setLocal(execution, pinned.computeIfAbsent(experiment, this::referenceArm));
        });
    }

    /** From now on, the split test of {@code experiment} answers {@code arm}. */
    public void answer(String experiment, String arm) {
        pinned.put(experiment, arm);
    }

    /** The experiments the scenario asked for an arm, in order. */
    public List<String> asked() {
        return List.copyOf(asked);
    }

    /** The reference arm of the experiment in the deployed dmn/experiments.dmn. */
    public String referenceArm(String experiment) {
        List<Map<String, Object>> rows = new ArrayList<>();
        engine.getDecisionService().evaluateDecisionByKey("experiments")
                .variables(Variables.createVariables().putValue("experiment", experiment)).evaluate()
                .forEach(row -> rows.add(row.getEntryMap()));
        return Experiment.fromRows(experiment, rows).referenceArm();
    }
}
