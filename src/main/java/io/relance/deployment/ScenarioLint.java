package io.relance.deployment;

import io.relance.channel.MessageChannel;
import io.relance.channel.SendRequests;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.TimeCycle;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The deploy-time check of scenarios ("no exit door"), run on every deployment. It refuses a scenario when:
 * <ul>
 *     <li>a gateway branch reaches an end event with no action on the way, unless that end event is marked as a
 *     deliberate exit: {@code <camunda:property name="exit" value="converted"/>};</li>
 *     <li>a message start event's name is not a documented event type (the event catalogue,
 *     {@code bpmn/event-types.yaml});</li>
 *     <li>a send task has no message type, or one that no template knows;</li>
 *     <li>a timer cycle inside a scenario has no upper bound (no repetition count, or a cron expression); the
 *     cycle of a process's timer start event is a schedule and may repeat forever;</li>
 *     <li>an executable process lacks {@code historyTimeToLive}.</li>
 * </ul>
 */
public final class ScenarioLint {

    public static final String EXIT_PROPERTY = "exit";
    /** The send delegates, and the channel whose templates their message type names (null: no template). */
    private static final Map<String, Optional<MessageChannel>> SEND_BEANS = Map.of(
            "${sendEmail}", Optional.of(MessageChannel.EMAIL),
            "${sendSms}", Optional.of(MessageChannel.SMS),
            "${callWebhook}", Optional.empty());

    /** Whether a message type has a template on a channel (the message texts of bpmn/templates/). */
    @FunctionalInterface
    public interface TemplateLookup {
        boolean exists(MessageChannel channel, String messageType);
    }
    private static final Pattern BOUNDED_CYCLE = Pattern.compile("R\\d+/.+");
    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    private ScenarioLint() {
    }

    /**
     * The problems of a BPMN file, each naming the file and the element; empty when it may be deployed.
     *
     * @param eventTypes the documented event types (the event catalogue's names)
     */
    public static List<String> check(String file, byte[] content, Set<String> eventTypes) {
        return check(file, content, eventTypes, ScenarioLint::packagedTemplateExists);
    }

    /**
     * The problems of a BPMN file, each naming the file and the element; empty when it may be deployed.
     *
     * @param eventTypes the documented event types (the event catalogue's names)
     * @param templates  which message types have templates
     */
    public static List<String> check(String file, byte[] content, Set<String> eventTypes, TemplateLookup templates) {
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
        } catch (RuntimeException e) {
            // Malformed: the engine's own parser reports it with line and column.
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (Process process : model.getModelElementsByType(Process.class)) {
            if (process.isExecutable() && process.getCamundaHistoryTimeToLiveString() == null) {
                problems.add(file + ": process '" + process.getId() + "' has no historyTimeToLive (set it in the"
                        + " Modeler: how long the history of finished instances is kept, e.g. P180D)");
            }
        }
        for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
            for (MessageEventDefinition message : start.getChildElementsByType(MessageEventDefinition.class)) {
                String name = message.getMessage() == null ? null : message.getMessage().getName();
                if (name == null || !eventTypes.contains(name)) {
                    problems.add(file + ": start event '" + start.getId() + "' listens to '" + name
                            + "', which is not a documented event type: add it to bpmn/event-types.yaml (known: "
                            + new java.util.TreeSet<>(eventTypes) + ")");
                }
            }
        }
        for (TimerEventDefinition timer : model.getModelElementsByType(TimerEventDefinition.class)) {
            TimeCycle cycle = timer.getTimeCycle();
            // A timer start event's cycle is a schedule (e.g. the daily birthday run); inside a scenario, a
            // repeating timer must stop some day.
            boolean schedule = timer.getParentElement() instanceof StartEvent start
                    && start.getParentElement() instanceof Process;
            if (cycle != null && !schedule && (cycle.getTextContent() == null
                    || !BOUNDED_CYCLE.matcher(cycle.getTextContent().strip()).matches())) {
                problems.add(file + ": timer of '" + ((BaseElement) timer.getParentElement()).getId()
                        + "' repeats without end ('" + cycle.getTextContent() + "'): give it a repetition count,"
                        + " e.g. R3/P1D");
            }
        }
        for (Activity activity : model.getModelElementsByType(Activity.class)) {
            String delegate = activity.getAttributeValueNs(CAMUNDA_NS, "delegateExpression");
            if (delegate != null && SEND_BEANS.containsKey(delegate.strip())) {
                checkSend(file, activity, delegate.strip(), templates, problems);
            }
        }
        FlowGraph graph = FlowGraph.of(model);
        for (Gateway gateway : model.getModelElementsByType(Gateway.class)) {
            for (SequenceFlow branch : graph.outgoing(gateway)) {
                Optional<EndEvent> silent = silentEnd(graph, branch.getTarget(), new HashSet<>());
                silent.ifPresent(end -> problems.add(file + ": branch '" + label(branch) + "' of gateway '"
                        + gateway.getId() + "' reaches end event '" + end.getId() + "' without any action; act on"
                        + " this branch, or mark the end as a deliberate exit (<camunda:property name=\"exit\""
                        + " value=\"completed\"/>, or converted, not_eligible, ...)"));
            }
        }
        return problems;
    }

    private static void checkSend(String file, Activity activity, String delegate, TemplateLookup templates,
                                  List<String> problems) {
        String messageType = inputs(activity).get(ScenarioVariables.MESSAGE_TYPE.name());
        if (messageType == null || messageType.isBlank()) {
            problems.add(file + ": send task '" + activity.getId() + "' has no message type (input 'messageType')");
            return;
        }
        Optional<MessageChannel> channel = SEND_BEANS.get(delegate);
        if (channel.isEmpty() || messageType.contains("${")) {
            return;
        }
        if (!templates.exists(channel.get(), messageType)) {
            problems.add(file + ": send task '" + activity.getId() + "' uses message type '" + messageType
                    + "', which no template knows (bpmn/templates/" + channel.get().key() + "/" + messageType + "_*."
                    + (channel.get() == MessageChannel.EMAIL ? "html" : "txt") + ")");
        }
    }

    /** Whether the application packages a template of the message type (checks outside a running application). */
    private static boolean packagedTemplateExists(MessageChannel channel, String messageType) {
        String pattern = "bpmn/templates/" + channel.key() + "/" + messageType + "_*."
                + (channel == MessageChannel.EMAIL ? "html" : "txt");
        try {
            return new PathMatchingResourcePatternResolver().getResources("classpath*:" + pattern).length > 0;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot look for templates", e);
        }
    }

    private static Map<String, String> inputs(BaseElement element) {
        Map<String, String> inputs = new java.util.HashMap<>();
        ExtensionElements extensions = element.getExtensionElements();
        if (extensions == null) {
            return inputs;
        }
        for (CamundaInputOutput io : extensions.getElementsQuery().filterByType(CamundaInputOutput.class).list()) {
            for (CamundaInputParameter input : io.getCamundaInputParameters()) {
                inputs.put(input.getCamundaName(), input.getTextContent() == null ? null
                        : input.getTextContent().strip());
            }
        }
        return inputs;
    }

    /**
     * The flow graph as the engine runs it: from each sequence flow's {@code sourceRef}/{@code targetRef}, not from
     * the optional {@code <bpmn:incoming>}/{@code <bpmn:outgoing>} children ({@link FlowNode#getOutgoing()}), which
     * Camunda Modeler writes but the engine ignores. A node's successors are the targets of its flows and the
     * boundary events attached to it.
     */
    private record FlowGraph(Map<String, List<SequenceFlow>> flowsBySource,
                             Map<String, List<BoundaryEvent>> boundariesByHost) {

        static FlowGraph of(BpmnModelInstance model) {
            Map<String, List<SequenceFlow>> flows = new HashMap<>();
            for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
                if (flow.getSource() != null) {
                    flows.computeIfAbsent(flow.getSource().getId(), id -> new ArrayList<>()).add(flow);
                }
            }
            Map<String, List<BoundaryEvent>> boundaries = new HashMap<>();
            for (BoundaryEvent boundary : model.getModelElementsByType(BoundaryEvent.class)) {
                if (boundary.getAttachedTo() != null) {
                    boundaries.computeIfAbsent(boundary.getAttachedTo().getId(), id -> new ArrayList<>())
                            .add(boundary);
                }
            }
            return new FlowGraph(flows, boundaries);
        }

        List<SequenceFlow> outgoing(FlowNode node) {
            return flowsBySource.getOrDefault(node.getId(), List.of());
        }

        List<BoundaryEvent> boundaries(FlowNode node) {
            return boundariesByHost.getOrDefault(node.getId(), List.of());
        }
    }

    /** The end event this path reaches without any action, if one can be reached so. */
    private static Optional<EndEvent> silentEnd(FlowGraph graph, FlowNode node, Set<String> visited) {
        if (node == null || !visited.add(node.getId()) || isAction(node)) {
            return Optional.empty();
        }
        if (node instanceof EndEvent end) {
            return end.getEventDefinitions().isEmpty() && !isDeliberateExit(end) ? Optional.of(end)
                    : Optional.empty();
        }
        for (SequenceFlow next : graph.outgoing(node)) {
            Optional<EndEvent> found = silentEnd(graph, next.getTarget(), visited);
            if (found.isPresent()) {
                return found;
            }
        }
        for (BoundaryEvent boundary : graph.boundaries(node)) {
            Optional<EndEvent> found = silentEnd(graph, boundary, visited);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Something the contact or a colleague notices: a message, a task, a called scenario, a thrown event. */
    private static boolean isAction(FlowNode node) {
        if (node instanceof BusinessRuleTask) {
            return false;
        }
        return node instanceof Task || node instanceof org.camunda.bpm.model.bpmn.instance.CallActivity
                || (node instanceof SubProcess sub && sub.getChildElementsByType(FlowNode.class).stream()
                .anyMatch(ScenarioLint::isAction))
                || (node instanceof IntermediateThrowEvent thrown && !thrown.getEventDefinitions().isEmpty());
    }

    static boolean isDeliberateExit(EndEvent end) {
        ExtensionElements extensions = end.getExtensionElements();
        return extensions != null && extensions.getElementsQuery().filterByType(
                        org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties.class).list().stream()
                .flatMap(properties -> properties.getCamundaProperties().stream())
                .map(CamundaProperty::getCamundaName)
                .anyMatch(EXIT_PROPERTY::equals);
    }

    private static String label(SequenceFlow flow) {
        return flow.getName() != null ? flow.getName() + " (" + flow.getId() + ")" : flow.getId();
    }
}
