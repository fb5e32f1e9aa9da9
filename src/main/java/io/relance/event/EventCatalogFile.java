package io.relance.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relance.scenario.ScenarioVariables;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the event catalogue, {@code bpmn/event-types.yaml}: found like the diagrams (in {@code relance.scenario-dir},
 * else the working directory, else the copy packaged in the application), and checked strictly — a mistake is an
 * {@link EventCatalogException} naming the file, the line and the problem.
 */
final class EventCatalogFile {

    /** The catalogue's resource name, next to the diagrams. */
    static final String NAME = "bpmn/event-types.yaml";
    /** An event type: the BPMN message name and the {@code type} of {@code POST /api/events}. */
    static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,99}");
    private static final Set<String> TYPE_KEYS = Set.of("description", "sentBy", "fields");
    private static final Set<String> FIELD_KEYS = Set.of("type", "required", "description", "example");

    /** The catalogue's text and where it was read from. */
    record Source(String location, byte[] content) {
    }

    private EventCatalogFile() {
    }

    static Source locate(String configuredDir, Path workingDir) {
        Path base = configuredDir == null || configuredDir.isBlank() ? workingDir
                : Path.of(configuredDir).toAbsolutePath().normalize();
        Path file = base.resolve(NAME);
        try {
            if (Files.isRegularFile(file)) {
                return new Source(file.toString(), Files.readAllBytes(file));
            }
            ClassPathResource packaged = new ClassPathResource(NAME);
            if (!packaged.exists()) {
                throw new EventCatalogException(file.toString(), 0, "the file does not exist, and the application"
                        + " has no packaged copy", null);
            }
            try (InputStream in = packaged.getInputStream()) {
                return new Source(packaged.getDescription(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the event catalogue " + file, e);
        }
    }

    static List<EventTypeDefinition> parse(Source source) {
        return new Reader(source.location()).read(source.content());
    }

    private record Reader(String file) {

        List<EventTypeDefinition> read(byte[] content) {
            Node root;
            try {
                LoaderOptions options = new LoaderOptions();
                options.setMaxAliasesForCollections(20);
                root = new Yaml(options).compose(new InputStreamReader(new ByteArrayInputStream(content),
                        StandardCharsets.UTF_8));
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                throw new EventCatalogException(file, mark == null ? 0 : mark.getLine() + 1, "not valid YAML: "
                        + (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem(), e);
            } catch (YAMLException e) {
                throw new EventCatalogException(file, 0, "not valid YAML: " + e.getMessage(), e);
            }
            if (root == null) {
                throw new EventCatalogException(file, 0, "the file is empty: it must list the event types", null);
            }
            List<EventTypeDefinition> types = new ArrayList<>();
            for (Map.Entry<ScalarNode, Node> entry : mapping(root, "the file must map each event type to its"
                    + " description").entrySet()) {
                types.add(type(entry.getKey(), entry.getValue()));
            }
            return types;
        }

        private EventTypeDefinition type(ScalarNode key, Node value) {
            String name = key.getValue();
            if (!TYPE_NAME.matcher(name).matches()) {
                throw problem(key, "'" + name + "' is not a valid event type name: UpperCamelCase letters and"
                        + " digits, e.g. ContestEntered");
            }
            Map<ScalarNode, Node> entries = mapping(value, "event type " + name + " must have a description,"
                    + " sentBy and fields");
            String description = null;
            EventTypeDefinition.Sender sentBy = null;
            List<EventField> fields = List.of();
            for (Map.Entry<ScalarNode, Node> entry : entries.entrySet()) {
                String property = entry.getKey().getValue();
                switch (property) {
                    case "description" -> description = text(entry.getValue(), name + ".description");
                    case "sentBy" -> sentBy = sender(entry.getValue(), name);
                    case "fields" -> fields = fields(entry.getValue(), name);
                    default -> throw problem(entry.getKey(), "event type " + name + " has an unknown key '"
                            + property + "' (expected one of " + String.join(", ", sorted(TYPE_KEYS)) + ")");
                }
            }
            if (description == null) {
                throw problem(key, "event type " + name + " has no description");
            }
            if (sentBy == null) {
                throw problem(key, "event type " + name + " does not say who sends it (sentBy: integration, relance"
                        + " or both)");
            }
            return new EventTypeDefinition(name, description, sentBy, fields);
        }

        private EventTypeDefinition.Sender sender(Node node, String type) {
            String value = text(node, type + ".sentBy");
            try {
                return EventTypeDefinition.Sender.valueOf(value);
            } catch (IllegalArgumentException e) {
                throw problem(node, type + ".sentBy is '" + value + "': it must be integration, relance or both");
            }
        }

        private List<EventField> fields(Node node, String type) {
            if (isNull(node)) {
                return List.of();
            }
            List<EventField> fields = new ArrayList<>();
            for (Map.Entry<ScalarNode, Node> entry : mapping(node, type + ".fields must map each field name to its"
                    + " type and description").entrySet()) {
                fields.add(field(type, entry.getKey(), entry.getValue()));
            }
            return fields;
        }

        private EventField field(String type, ScalarNode key, Node value) {
            String name = key.getValue();
            String path = type + ".fields." + name;
            if (!EventVariables.NAME.matcher(name).matches()) {
                throw problem(key, "'" + name + "' is not a valid field name: letters, digits and _, starting with a"
                        + " letter or _ (at most 64), so that templates and conditions can use it");
            }
            if (ScenarioVariables.RESERVED.contains(name)) {
                throw problem(key, "field '" + name + "' of " + type + " is set by Relance from the event itself;"
                        + " rename it");
            }
            FieldType fieldType = null;
            boolean required = false;
            String description = null;
            Node example = null;
            for (Map.Entry<ScalarNode, Node> entry : mapping(value, path + " must have a type and a description")
                    .entrySet()) {
                String property = entry.getKey().getValue();
                switch (property) {
                    case "type" -> {
                        String text = text(entry.getValue(), path + ".type");
                        fieldType = FieldType.of(text).orElseThrow(() -> problem(entry.getValue(), path
                                + " has the unknown type '" + text + "' (expected one of " + FieldType.keys() + ")"));
                    }
                    case "required" -> required = bool(entry.getValue(), path + ".required");
                    case "description" -> description = text(entry.getValue(), path + ".description");
                    case "example" -> example = entry.getValue();
                    default -> throw problem(entry.getKey(), path + " has an unknown key '" + property
                            + "' (expected one of " + String.join(", ", sorted(FIELD_KEYS)) + ")");
                }
            }
            if (fieldType == null) {
                throw problem(key, path + " has no type (one of " + FieldType.keys() + ")");
            }
            if (description == null) {
                throw problem(key, path + " has no description");
            }
            JsonNode exampleValue = example == null || isNull(example) ? null : json(example);
            if (exampleValue != null && !fieldType.accepts(exampleValue)) {
                throw problem(example, "the example of " + path + " " + fieldType.expectation());
            }
            return new EventField(name, fieldType, required, description, exampleValue);
        }

        /** The entries of a mapping, refusing duplicate keys and keys that are not plain text. */
        private Map<ScalarNode, Node> mapping(Node node, String expectation) {
            if (!(node instanceof MappingNode mapping)) {
                throw problem(node, expectation);
            }
            Map<ScalarNode, Node> entries = new LinkedHashMap<>();
            Map<String, ScalarNode> seen = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw problem(tuple.getKeyNode(), "a key must be a plain name");
                }
                ScalarNode earlier = seen.putIfAbsent(key.getValue(), key);
                if (earlier != null) {
                    throw problem(key, "'" + key.getValue() + "' appears twice (first at line "
                            + line(earlier) + ")");
                }
                entries.put(key, tuple.getValueNode());
            }
            return entries;
        }

        private String text(Node node, String what) {
            if (!(node instanceof ScalarNode scalar) || isNull(node) || scalar.getValue().isBlank()) {
                throw problem(node, what + " must be a text");
            }
            return scalar.getValue().strip();
        }

        private boolean bool(Node node, String what) {
            if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
                return Set.of("true", "yes", "on").contains(scalar.getValue().toLowerCase(Locale.ROOT));
            }
            throw problem(node, what + " must be true or false");
        }

        private EventCatalogException problem(Node node, String problem) {
            return new EventCatalogException(file, line(node), problem, null);
        }
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    /** A YAML value as JSON, with YAML's own reading of plain scalars (42 a number, true a boolean, ...). */
    static JsonNode json(Node node) {
        JsonNodeFactory factory = JsonNodeFactory.instance;
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = factory.arrayNode();
            sequence.getValue().forEach(item -> array.add(json(item)));
            return array;
        }
        if (node instanceof MappingNode mapping) {
            ObjectNode object = factory.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue()
                        : String.valueOf(line(tuple.getKeyNode()));
                object.set(key, json(tuple.getValueNode()));
            }
            return object;
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (Tag.NULL.equals(tag)) {
                return factory.nullNode();
            } else if (Tag.BOOL.equals(tag)) {
                return factory.booleanNode(Set.of("true", "yes", "on").contains(value.toLowerCase(Locale.ROOT)));
            } else if (Tag.INT.equals(tag)) {
                BigInteger integer = new BigInteger(value.replace("_", ""));
                return integer.bitLength() < 64 ? factory.numberNode(integer.longValue())
                        : factory.numberNode(integer);
            } else if (Tag.FLOAT.equals(tag)) {
                return factory.numberNode(Double.parseDouble(value.replace("_", "")));
            }
        } catch (NumberFormatException e) {
            return factory.textNode(value);
        }
        return factory.textNode(value);
    }
}
