package io.relance.experiment;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Experiments (dmn/experiments.dmn): assigns contacts to arms — deterministic ({@link Experiment#pick}) and sticky
 * (recorded once per experiment and contact) — and reports the results per arm.
 */
@Service
public class ExperimentService {

    private final ExperimentDefinitions definitions;
    private final ExperimentTables tables;
    private final Clock clock;

    ExperimentService(ExperimentDefinitions definitions, ExperimentTables tables, Clock clock) {
        this.definitions = definitions;
        this.tables = tables;
        this.clock = clock;
    }

    /** A contact's assignment, for its timeline. */
    public record AssignmentView(String experiment, String arm, String scenario, String processInstanceId,
                                 Instant assignedAt) {
    }

    /**
     * The contact's arm in the experiment, for a split test of a scenario instance: the recorded arm, else a new one
     * (recorded); the instance is recorded with it (its messages count for the arm). An ended experiment gives the
     * reference arm to everyone and records nothing.
     *
     * @throws UnknownExperimentException when dmn/experiments.dmn has no such experiment
     */
    @Transactional
    public String assign(String experimentId, String contactId, String scenario, String processInstanceId) {
        Experiment experiment = definitions.get(experimentId);
        if (!experiment.running()) {
            return experiment.referenceArm();
        }
        ExperimentTables.Assignment recorded = tables.assignment(experimentId, contactId);
        if (recorded == null) {
            ExperimentTables.Assignment fresh = new ExperimentTables.Assignment(experimentId, contactId,
                    experiment.pick(contactId), scenario, processInstanceId, now());
            recorded = tables.insert(fresh) ? fresh : tables.assignment(experimentId, contactId);
        }
        if (processInstanceId != null) {
            tables.insertInstance(processInstanceId, experimentId, recorded.arm(), contactId);
        }
        return recorded.arm();
    }

    /**
     * The arms of many contacts in a contact-level experiment, in one query (plus one batch insert for those
     * assigned now): for the arbitration, which decides for batches of contacts. Empty when the experiment does not
     * exist; the reference arm for everyone, without any query, when it has ended.
     */
    @Transactional
    public Map<String, String> armsOf(String experimentId, List<String> contactIds) {
        Experiment experiment = definitions.find(experimentId).orElse(null);
        if (experiment == null) {
            return Map.of();
        }
        Map<String, String> arms = new LinkedHashMap<>();
        if (!experiment.running()) {
            contactIds.forEach(id -> arms.put(id, experiment.referenceArm()));
            return arms;
        }
        Map<String, String> recorded = tables.arms(experimentId, contactIds);
        List<ExperimentTables.Assignment> fresh = new ArrayList<>();
        Instant now = now();
        for (String id : new LinkedHashSet<>(contactIds)) {
            String arm = recorded.get(id);
            if (arm == null) {
                arm = experiment.pick(id);
                fresh.add(new ExperimentTables.Assignment(experimentId, id, arm, null, null, now));
            }
            arms.put(id, arm);
        }
        if (!fresh.isEmpty()) {
            tables.insertAll(fresh);
        }
        return arms;
    }

    /** The contact's recorded assignments, oldest first. */
    @Transactional(readOnly = true)
    public List<AssignmentView> ofContact(String contactId) {
        return tables.assignmentsOf(contactId).stream().map(a -> new AssignmentView(a.experiment(), a.arm(),
                a.scenario(), a.processInstanceId(), a.assignedAt())).toList();
    }

    /** Every experiment of dmn/experiments.dmn with its results. */
    @Transactional(readOnly = true)
    public List<ExperimentResults> all() {
        return definitions.all().values().stream().map(this::results).toList();
    }

    /** One experiment's results. */
    @Transactional(readOnly = true)
    public ExperimentResults results(String experimentId) {
        return results(definitions.get(experimentId));
    }

    private ExperimentResults results(Experiment experiment) {
        Map<String, ExperimentTables.ArmCounts> counts = tables.counts(experiment.id());
        Map<String, Integer> weights = new LinkedHashMap<>();
        experiment.arms().forEach(arm -> weights.put(arm.name(), arm.active() ? arm.weight() : 0));
        Set<String> names = new LinkedHashSet<>(weights.keySet());
        names.addAll(counts.keySet().stream().sorted().toList());
        ExperimentTables.ArmCounts reference = counts.getOrDefault(experiment.referenceArm(),
                ExperimentTables.ArmCounts.NONE);
        List<ExperimentResults.ArmResult> arms = new ArrayList<>();
        for (String name : names) {
            ExperimentTables.ArmCounts c = counts.getOrDefault(name, ExperimentTables.ArmCounts.NONE);
            boolean isReference = name.equals(experiment.referenceArm());
            Proportions.Comparison comparison = isReference ? null
                    : Proportions.compare(c.conversions(), c.contacts(), reference.conversions(), reference.contacts());
            arms.add(new ExperimentResults.ArmResult(name, weights.getOrDefault(name, 0), isReference, c.contacts(),
                    c.sent(), c.opened(), c.clicked(), c.conversions(), c.revenue(),
                    c.contacts() == 0 ? null : (double) c.conversions() / c.contacts(),
                    Proportions.rateInterval(c.conversions(), c.contacts()),
                    comparison == null ? null : comparison.difference(),
                    comparison == null ? null : comparison.interval(),
                    comparison == null ? null : comparison.pValue(),
                    isReference ? "bras de référence"
                            : Proportions.verdict(name, experiment.referenceArm(), c.conversions(), c.contacts(),
                                    reference.conversions(), reference.contacts()),
                    c.contacts() == 0 ? null : (double) c.sent() / c.contacts(),
                    c.unsubscribed()));
        }
        return new ExperimentResults(experiment.id(), experiment.scenario(), experiment.running(),
                experiment.referenceArm(), experiment.goal(), experiment.windowDays(), arms);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
