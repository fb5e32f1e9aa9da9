package io.relance.experiment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.InputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The experiments of the latest deployed {@code dmn/experiments.dmn} (decision {@code experiments}, hit policy
 * COLLECT): the experiment ids are the values of its first input column; each experiment is the decision evaluated
 * for its id. Read once per deployed version; the latest version is looked up again every
 * {@code relance.experiments.recheck} (10 seconds).
 */
@Component
class ExperimentDefinitions {

    static final String DECISION = "experiments";

    private final DecisionService decisions;
    private final RepositoryService repository;
    private final Cache<String, Optional<String>> latest;
    private final Cache<String, Map<String, Experiment>> byVersion = Caffeine.newBuilder().maximumSize(4).build();

    ExperimentDefinitions(DecisionService decisions, RepositoryService repository,
                          @Value("${relance.experiments.recheck:PT10S}") Duration recheck) {
        this.decisions = decisions;
        this.repository = repository;
        this.latest = Caffeine.newBuilder().expireAfterWrite(recheck).maximumSize(1).build();
    }

    /** Every experiment of the table, in the table's order (none when the decision is not deployed). */
    Map<String, Experiment> all() {
        String versionId = latest.get(DECISION, key -> Optional.ofNullable(repository.createDecisionDefinitionQuery()
                .decisionDefinitionKey(key).latestVersion().withoutTenantId().singleResult())
                .map(DecisionDefinition::getId)).orElse(null);
        if (versionId == null) {
            return Map.of();
        }
        return byVersion.get(versionId, this::read);
    }

    Optional<Experiment> find(String id) {
        return Optional.ofNullable(all().get(id));
    }

    Experiment get(String id) {
        return find(id).orElseThrow(() -> new UnknownExperimentException(id));
    }

    private Map<String, Experiment> read(String versionId) {
        DmnModelInstance model = repository.getDmnModelInstance(versionId);
        Set<String> ids = new LinkedHashSet<>();
        for (Rule rule : model.getModelElementsByType(Rule.class)) {
            List<InputEntry> inputs = new ArrayList<>(rule.getInputEntries());
            if (!inputs.isEmpty()) {
                String text = inputs.get(0).getTextContent().strip();
                if (text.length() > 1 && text.startsWith("\"") && text.endsWith("\"")) {
                    ids.add(text.substring(1, text.length() - 1));
                }
            }
        }
        Map<String, Experiment> experiments = new LinkedHashMap<>();
        for (String id : ids) {
            DmnDecisionResult rows = decisions.evaluateDecisionById(versionId)
                    .variables(Variables.createVariables().putValue("experiment", id)).evaluate();
            List<Map<String, Object>> entries = new ArrayList<>();
            rows.forEach(row -> entries.add(row.getEntryMap()));
            experiments.put(id, Experiment.fromRows(id, entries));
        }
        return Collections.unmodifiableMap(experiments);
    }
}
