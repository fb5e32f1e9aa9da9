package io.relance.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.channel.template.MessageTemplates;
import io.relance.event.EventCatalog;
import io.relance.event.EventTypes;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.ResourceReport;
import org.camunda.bpm.engine.repository.Deployment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Deploys the scenario files when the application starts. Each file is its own deployment named after it, with
 * duplicate filtering: an unchanged file creates no new version, a changed one does. All files are deployed in one
 * transaction: one bad file stops start-up and nothing of this start is deployed.
 */
@Component
public class ScenarioDeployer implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ScenarioDeployer.class);
    static final String SOURCE = "relance";

    private final RepositoryService repositoryService;
    private final TransactionTemplate tx;
    private final EventTypes eventTypes;
    private final EventCatalog eventCatalog;
    private final ObjectMapper objectMapper;
    private final String scenarioDir;
    private final ScenarioDeploymentHealth health;
    private final List<ScenarioFileCheck> checks;
    private final MessageTemplates templates;

    ScenarioDeployer(RepositoryService repositoryService, TransactionTemplate tx, EventTypes eventTypes,
                     EventCatalog eventCatalog, ObjectMapper objectMapper,
                     @Value("${relance.scenario-dir:}") String scenarioDir,
                     ScenarioDeploymentHealth health, List<ScenarioFileCheck> checks, MessageTemplates templates) {
        this.templates = templates;
        this.health = health;
        this.checks = List.copyOf(checks);
        this.repositoryService = repositoryService;
        this.tx = tx;
        this.eventTypes = eventTypes;
        this.eventCatalog = eventCatalog;
        this.objectMapper = objectMapper;
        this.scenarioDir = scenarioDir;
    }

    /** What one start-up deployed: files read, and the ones that created new versions. */
    public record Report(String origin, List<String> files, List<String> newVersions) {
    }

    @Override
    public void afterSingletonsInstantiated() {
        deploy();
    }

    /** Deploys the scenario files; the readiness probe is down meanwhile (health {@code scenarios}). */
    public Report deploy() {
        health.deploying();
        try {
            Report report = deployFiles();
            health.deployed(report.files().size());
            return report;
        } finally {
            health.failed();
        }
    }

    private Report deployFiles() {
        ScenarioFiles.Found found = ScenarioFiles.find(scenarioDir);
        // The event catalogue first: the diagrams are checked against it (a bad catalogue stops here).
        eventCatalog.reload();
        if (found.files().isEmpty()) {
            log.warn("No scenario files found in {}: no scenario will run", found.origin());
        }
        List<String> problems = new ArrayList<>();
        String firstBad = null;
        for (ScenarioFiles.ScenarioFile file : found.files()) {
            checkReadable(file);
            if (file.name().endsWith(".bpmn")) {
                List<String> fileProblems = ScenarioLint.check(file.location(), file.content(),
                        eventCatalog.names(), templates::exists);
                if (!fileProblems.isEmpty() && firstBad == null) {
                    firstBad = file.location();
                }
                problems.addAll(fileProblems);
            }
            for (ScenarioFileCheck check : checks) {
                List<String> fileProblems = check.problems(file.name(), file.location(), file.content());
                if (!fileProblems.isEmpty() && firstBad == null) {
                    firstBad = file.location();
                }
                problems.addAll(fileProblems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ScenarioDeploymentException(firstBad, "the scenario check found " + problems.size()
                    + " problem(s):\n  - " + String.join("\n  - ", problems), null);
        }
        List<String> newVersions = tx.execute(status -> {
            List<String> changed = new ArrayList<>();
            for (ScenarioFiles.ScenarioFile file : found.files()) {
                if (deployOne(file)) {
                    changed.add(file.name());
                }
            }
            return changed;
        });
        eventTypes.refresh();
        List<String> names = found.files().stream().map(ScenarioFiles.ScenarioFile::name).toList();
        log.info("Scenario files from {}: {} deployed, new versions for {}", found.origin(), names.size(),
                newVersions.isEmpty() ? "none (all unchanged)" : newVersions);
        return new Report(found.origin(), names, newVersions);
    }

    private boolean deployOne(ScenarioFiles.ScenarioFile file) {
        try {
            String previous = latestDeploymentId(file.name());
            Deployment deployment = repositoryService.createDeployment()
                    .name(file.name())
                    .source(SOURCE)
                    .enableDuplicateFiltering(false)
                    .addInputStream(file.name(), new ByteArrayInputStream(
                            DeployedModels.asDeployed(file.name(), file.content())))
                    .deploy();
            // Duplicate filtering hands back the earlier deployment when the file did not change.
            return !deployment.getId().equals(previous);
        } catch (ParseException e) {
            throw new ScenarioDeploymentException(file.location(), describe(e), e);
        } catch (RuntimeException e) {
            throw new ScenarioDeploymentException(file.location(), rootMessage(e), e);
        }
    }

    private String latestDeploymentId(String name) {
        List<Deployment> latest = repositoryService.createDeploymentQuery().deploymentName(name)
                .orderByDeploymentTime().desc().listPage(0, 1);
        return latest.isEmpty() ? null : latest.get(0).getId();
    }

    private void checkReadable(ScenarioFiles.ScenarioFile file) {
        if (file.content().length == 0) {
            throw new ScenarioDeploymentException(file.location(), "the file is empty", null);
        }
        if (file.name().endsWith(".form")) {
            try {
                objectMapper.readTree(file.content());
            } catch (IOException e) {
                throw new ScenarioDeploymentException(file.location(), "not a valid Camunda Form (JSON): "
                        + e.getMessage().lines().findFirst().orElse(""), e);
            }
        }
    }

    private static String describe(ParseException e) {
        List<String> lines = new ArrayList<>();
        for (ResourceReport report : e.getResorceReports()) {
            for (Problem problem : report.getErrors()) {
                lines.add(format(problem));
            }
        }
        return lines.isEmpty() ? e.getMessage() : lines.stream().collect(Collectors.joining("; "));
    }

    private static String format(Problem problem) {
        StringBuilder sb = new StringBuilder(problem.getMessage());
        if (problem.getMainElementId() != null) {
            sb.append(" (element ").append(problem.getMainElementId()).append(')');
        }
        if (problem.getLine() > 0) {
            sb.append(" at line ").append(problem.getLine()).append(", column ").append(problem.getColumn());
        }
        return sb.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage();
        if (root != e && root.getMessage() != null && (message == null || !message.contains(root.getMessage()))) {
            message = (message == null ? "" : message + ": ") + root.getMessage();
        }
        return message;
    }
}
