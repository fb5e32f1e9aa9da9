package io.relance.scenario;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * For scenarios that follow a contact with one instance at a time ({@code ${runningInstances.others(execution)}}):
 * how many other running instances of the same process the contact (business key) has. The event intake handles
 * the events of one contact one at a time (row lock on the contact), so the answer holds while the event is taken.
 */
@Component("runningInstances")
public class RunningInstances {

    public long others(DelegateExecution execution) {
        String key = execution.getProcessEngineServices().getRepositoryService()
                .getProcessDefinition(execution.getProcessDefinitionId()).getKey();
        return execution.getProcessEngineServices().getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(key).processInstanceBusinessKey(execution.getProcessBusinessKey()).list()
                .stream().filter(instance -> !instance.getId().equals(execution.getProcessInstanceId())).count();
    }
}
