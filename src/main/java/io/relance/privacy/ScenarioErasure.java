package io.relance.privacy;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The engine's part of an erasure, through Camunda's public API, in the caller's transaction: every scenario instance
 * of the contact (business key = contact id; a called scenario inherits it) is cancelled, then the history of all of
 * them — running or ended — is deleted with everything attached to it: variables and their updates (the event data,
 * JSON in byte arrays), activities, tasks with their comments, attachments and identity links, decisions evaluated in
 * the instance, incidents, job and external-task logs, user operation log entries.
 * <p>
 * No scenario carries a contact id in a variable of an instance of another business key: the birthday and engagement
 * runs send events through the intake and keep only counts; a broadcast's instance keeps its broadcast id and the
 * recipient count, its recipients are pending messages (feature pressure).
 */
@Component
class ScenarioErasure {

    /** The delete reason the engine records (no personal data). */
    static final String DELETE_REASON = "erased (GDPR)";
    private static final int CHUNK = 500;

    private final RuntimeService runtimeService;
    private final HistoryService historyService;

    ScenarioErasure(RuntimeService runtimeService, HistoryService historyService) {
        this.runtimeService = runtimeService;
        this.historyService = historyService;
    }

    /** Cancels the contact's running instances (end listeners run: the figures count them as cancelled). */
    int cancel(String contactId) {
        List<ProcessInstance> running = runtimeService.createProcessInstanceQuery()
                .processInstanceBusinessKey(contactId).list();
        for (ProcessInstance instance : running) {
            // A called instance may have gone with its parent already.
            runtimeService.deleteProcessInstanceIfExists(instance.getId(), DELETE_REASON, false, true, false, false);
        }
        return running.size();
    }

    /** Deletes the history of the contact's instances (all of them ended now); how many. */
    int deleteHistory(String contactId) {
        Set<String> ids = new LinkedHashSet<>();
        for (HistoricProcessInstance instance : historyService.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(contactId).list()) {
            ids.add(instance.getId());
        }
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += CHUNK) {
            historyService.deleteHistoricProcessInstancesIfExists(all.subList(from, Math.min(all.size(),
                    from + CHUNK)));
        }
        return all.size();
    }
}
