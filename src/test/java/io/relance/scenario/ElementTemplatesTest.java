package io.relance.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every BPMN task that says it uses an element template ({@code camunda:modelerTemplate}) matches it: the template
 * exists in that version, applies to the element, and the element carries each binding with an allowed value. And
 * every task bound to a Relance channel bean uses a template. (The templates themselves are validated against the
 * element-templates JSON schema by {@code src/lint/validate-templates.js} in the test command.)
 */
class ElementTemplatesTest {

    private static final Path TEMPLATES = Path.of("bpmn/.camunda/element-templates");
    private static final Set<String> CHANNEL_BEANS = Set.of("${sendEmail}", "${sendSms}", "${callWebhook}",
            "${splitTest}");
    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    private static Map<String, JsonNode> templates() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> byId = new HashMap<>();
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode root = json.readTree(file.toFile());
                for (JsonNode template : root.isArray() ? root : List.of(root)) {
                    byId.put(template.path("id").asText() + "@" + template.path("version").asInt(), template);
                }
            }
        }
        return byId;
    }

    private static List<Path> diagrams() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            return files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList();
        }
    }

    @Test
    void theShippedTemplatesCoverEveryChannel() throws IOException {
        assertThat(templates()).containsKeys("io.relance.SendEmail@1", "io.relance.SendSms@1",
                "io.relance.CallWebhook@1", "io.relance.SalesCallback@1", "io.relance.SendMessage@1",
                "io.relance.SplitTest@1");
    }

    @Test
    void everyTaskUsingATemplateMatchesIt() throws IOException {
        Map<String, JsonNode> templates = templates();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path diagram : diagrams()) {
            BpmnModelInstance model = Bpmn.readModelFromFile(diagram.toFile());
            for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
                String templateId = node.getAttributeValueNs(CAMUNDA_NS, "modelerTemplate");
                String delegate = node.getAttributeValueNs(CAMUNDA_NS, "delegateExpression");
                String where = diagram.getFileName() + " " + node.getId();
                if (templateId == null) {
                    if (delegate != null && CHANNEL_BEANS.contains(delegate)) {
                        problems.add(where + ": calls " + delegate + " without its element template");
                    }
                    continue;
                }
                String version = node.getAttributeValueNs(CAMUNDA_NS, "modelerTemplateVersion");
                JsonNode template = templates.get(templateId + "@" + (version == null ? "1" : version));
                if (template == null) {
                    problems.add(where + ": unknown template " + templateId + " version " + version);
                    continue;
                }
                checked++;
                problems.addAll(mismatches(where, node, template));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("tasks checked against their template").isPositive();
    }

    private static List<String> mismatches(String where, BaseElement element, JsonNode template) {
        List<String> problems = new ArrayList<>();
        String typeName = element.getElementType().getTypeName();
        String type = "bpmn:" + Character.toUpperCase(typeName.charAt(0)) + typeName.substring(1);
        boolean applies = false;
        for (JsonNode appliesTo : template.path("appliesTo")) {
            applies |= appliesTo.asText().equals(type);
        }
        if (!applies) {
            problems.add(where + ": " + type + " is not one of " + template.path("appliesTo"));
        }
        Map<String, String> inputs = new HashMap<>();
        // Output parameters by their expression (the template binds the source; the variable name is the value).
        Map<String, String> outputs = new HashMap<>();
        for (CamundaInputParameter input : element.getChildElementsByType(
                org.camunda.bpm.model.bpmn.instance.ExtensionElements.class).stream()
                .flatMap(e -> e.getElementsQuery()
                        .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput.class).list()
                        .stream())
                .flatMap(io -> io.getCamundaInputParameters().stream()).toList()) {
            inputs.put(input.getCamundaName(), input.getTextContent());
        }
        element.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.ExtensionElements.class).stream()
                .flatMap(e -> e.getElementsQuery()
                        .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput.class).list()
                        .stream())
                .flatMap(io -> io.getCamundaOutputParameters().stream())
                .forEach(output -> outputs.put(output.getTextContent().strip(), output.getCamundaName()));
        for (JsonNode property : template.path("properties")) {
            JsonNode binding = property.path("binding");
            String name = binding.path("name").asText();
            String value = switch (binding.path("type").asText()) {
                case "property" -> attribute(element, name);
                case "camunda:inputParameter" -> inputs.get(name);
                case "camunda:outputParameter" -> outputs.get(binding.path("source").asText());
                case "camunda:executionListener" -> executionListener(element, binding.path("event").asText(),
                        property.path("value").asText());
                default -> null;
            };
            String label = property.path("label").asText(name);
            boolean optional = property.path("optional").asBoolean(false);
            if (value == null) {
                if (!optional) {
                    problems.add(where + ": missing " + binding.path("type").asText() + " '" + name + "' (" + label
                            + ")");
                }
                continue;
            }
            String kind = property.path("type").asText();
            if (kind.equals("Hidden") && !value.equals(property.path("value").asText())) {
                problems.add(where + ": " + name + " is '" + value + "', the template fixes '"
                        + property.path("value").asText() + "'");
            }
            if (kind.equals("Dropdown")) {
                boolean allowed = false;
                for (JsonNode choice : property.path("choices")) {
                    allowed |= choice.path("value").asText().equals(value);
                }
                if (!allowed) {
                    problems.add(where + ": " + name + " '" + value + "' is not a choice of " + label);
                }
            }
            JsonNode constraints = property.path("constraints");
            if (constraints.path("notEmpty").asBoolean(false) && value.isBlank()) {
                problems.add(where + ": " + label + " must not be empty");
            }
            if (constraints.has("pattern") && !value.matches(constraints.path("pattern").path("value").asText())) {
                problems.add(where + ": " + label + " '" + value + "': "
                        + constraints.path("pattern").path("message").asText());
            }
        }
        return problems;
    }

    /** The listener's expression when the element has it for that event, else null. */
    private static String executionListener(BaseElement element, String event, String expression) {
        return element.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.ExtensionElements.class).stream()
                .flatMap(e -> e.getElementsQuery()
                        .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener.class)
                        .list().stream())
                .filter(l -> event.equals(l.getCamundaEvent()) && expression.equals(l.getCamundaDelegateExpression()))
                .map(org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener::getCamundaDelegateExpression)
                .findFirst().orElse(null);
    }

    private static String attribute(ModelElementInstance element, String name) {
        if (name.startsWith("camunda:")) {
            return element.getAttributeValueNs(CAMUNDA_NS, name.substring("camunda:".length()));
        }
        return element.getAttributeValue(name);
    }
}
