package io.relance.experiment;

import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${splitTest}} (element template <em>Relance: split test</em>): input {@code experiment}, output the
 * contact's {@code arm}, recorded once per experiment and contact; an exclusive gateway on {@code arm} follows.
 */
@Component("splitTest")
class SplitTestDelegate implements JavaDelegate {

    private final ExperimentService experiments;

    SplitTestDelegate(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String experiment = ScenarioVariables.EXPERIMENT.get(execution);
        if (experiment == null || experiment.isBlank()) {
            throw new IllegalStateException("Split test " + execution.getCurrentActivityId()
                    + " has no input 'experiment'");
        }
        String contactId = ScenarioVariables.CONTACT_ID.getOrDefault(execution, execution.getBusinessKey());
        String scenario = execution.getProcessEngineServices().getRepositoryService()
                .getProcessDefinition(execution.getProcessDefinitionId()).getKey();
        ScenarioVariables.ARM.setLocal(execution,
                experiments.assign(experiment, contactId, scenario, execution.getProcessInstanceId()));
    }
}
