package io.relance.support;

import io.relance.deployment.DeployedModels;
import io.relance.scenario.StartMessageAliases;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A process test on the scenario files exactly as Relance deploys them ({@link DeployedModels#asDeployed}): start
 * events listen to their aliased messages ({@code <EventType>#<process>}), commercial send tasks wait for their
 * arbitration as external tasks. Registered next to the engine's extension:
 * <pre>
 * &#64;RegisterExtension
 * static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension.builder(DeployedScenario.ENGINE)...;
 * &#64;RegisterExtension
 * final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/welcome.bpmn", "dmn/welcome-settings.dmn");
 * </pre>
 * Before each test it deploys the files (from the classpath, as packaged), points BPM Assert at the engine and
 * binds the shared send stand-in ({@link #sends()}) and the split tests' ({@link #splitTests()}); after it, it
 * removes the deployment with its instances and
 * history and resets the mocks and the engine clock.
 */
public final class DeployedScenario implements BeforeEachCallback, AfterEachCallback {

    /** The one configuration of the process tests' in-memory engine (with BPMN coverage). */
    public static final String ENGINE = "camunda-test.cfg.xml";

    private final ProcessEngineExtension engineExtension;
    private final List<String> resources;
    private Sends sends;
    private SplitTests splitTests;
    private String deploymentId;

    private DeployedScenario(ProcessEngineExtension engineExtension, List<String> resources) {
        this.engineExtension = engineExtension;
        this.resources = resources;
    }

    /** Scenario files by resource name: {@code bpmn/x.bpmn}, {@code dmn/x.dmn}, {@code bpmn/x.form}. */
    public static DeployedScenario of(ProcessEngineExtension engine, String... resources) {
        return new DeployedScenario(engine, List.of(resources));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ProcessEngine engine = engine();
        // Other test classes may have Spring-managed engines alive in the same JVM.
        BpmnAwareTests.init(engine);
        DeploymentBuilder deployment = engine.getRepositoryService().createDeployment()
                .name(context.getRequiredTestClass().getSimpleName());
        for (String resource : resources) {
            deployment.addInputStream(resource,
                    new ByteArrayInputStream(DeployedModels.asDeployed(resource, read(resource))));
        }
        deploymentId = deployment.deploy().getId();
        sends = new Sends(engine);
        sends.bind();
        splitTests = new SplitTests(engine);
        splitTests.bind();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (deploymentId != null) {
                engine().getRepositoryService().deleteDeployment(deploymentId, true, true);
            }
        } finally {
            deploymentId = null;
            Mocks.reset();
            BpmnAwareTests.reset();
            ClockUtil.reset();
        }
    }

    public ProcessEngine engine() {
        return engineExtension.getProcessEngine();
    }

    /** The channels' stand-in: what the scenario asked to send, and what it is answered. */
    public Sends sends() {
        return sends;
    }

    /** The split tests' stand-in: the reference arm of dmn/experiments.dmn, or the arm a test pins. */
    public SplitTests splitTests() {
        return splitTests;
    }

    /**
     * Starts the one deployed scenario that starts on this event type, as the event intake does: through the start
     * message alias {@code <type>#<process>} of each latest deployed scenario listening to it.
     */
    public ProcessInstance start(String eventType, String contactId, Map<String, Object> variables) {
        List<ProcessInstance> started = startAll(eventType, contactId, variables);
        if (started.size() != 1) {
            throw new IllegalStateException(started.size() + " scenarios started on " + eventType + ", expected one");
        }
        return started.get(0);
    }

    /**
     * An event as the event intake delivers it: to every instance of the contact waiting for its type, then to every
     * deployed scenario that starts on it. Returns the instances it started.
     */
    public List<ProcessInstance> event(String eventType, String contactId, Map<String, Object> variables) {
        engine().getRuntimeService().createMessageCorrelation(eventType).processInstanceBusinessKey(contactId)
                .setVariables(variables).correlateAllWithResult();
        return startAll(eventType, contactId, variables);
    }

    private List<ProcessInstance> startAll(String eventType, String contactId, Map<String, Object> variables) {
        RuntimeService runtime = engine().getRuntimeService();
        List<ProcessInstance> started = new ArrayList<>();
        for (String alias : startAliases(eventType)) {
            started.add(runtime.createMessageCorrelation(alias).processInstanceBusinessKey(contactId)
                    .setVariables(variables).correlateStartMessage());
        }
        return started;
    }

    /** The start messages deployed for this event type: message start subscriptions of the latest versions. */
    private List<String> startAliases(String eventType) {
        return engine().getRuntimeService().createEventSubscriptionQuery().eventType("message").list().stream()
                .filter(subscription -> subscription.getExecutionId() == null)
                .map(EventSubscription::getEventName)
                .filter(name -> StartMessageAliases.isAlias(name)
                        && StartMessageAliases.eventType(name).equals(eventType))
                .sorted()
                .toList();
    }

    private static byte[] read(String resource) {
        try (InputStream in = DeployedScenario.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No scenario file " + resource + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
