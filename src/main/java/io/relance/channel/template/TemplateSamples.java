package io.relance.channel.template;

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

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bpmn/templates/samples.yaml}: a sample contact and, for each message type, sample values of the variables its
 * templates use. Every template is rendered with them at start-up (a mistake is found before a customer's message
 * fails), a variable a template reads must be listed (a misspelt name is refused), and a preview without a contact
 * uses them.
 *
 * @param contact  the sample contact's fields ({@code firstName}, {@code lastName}, {@code email}, {@code phone},
 *                 {@code locale}, {@code timeZone})
 * @param messages the sample variables of each message type
 * @param lines    the line of each message type's entry, for messages
 */
record TemplateSamples(String file, Map<String, String> contact, Map<String, Map<String, Object>> messages,
                       Map<String, Integer> lines) {

    static final Set<String> CONTACT_FIELDS = Set.of("contactId", "firstName", "lastName", "email", "phone", "locale",
            "timeZone");

    static TemplateSamples parse(String file, String content) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(50);
            root = new Yaml(options).compose(new StringReader(content));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new TemplateException(file, mark == null ? 0 : mark.getLine() + 1, "not valid YAML: "
                    + (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new TemplateException(file, 0, "not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new TemplateException(file, 0, "the file is empty: it must give a sample contact and the sample"
                    + " variables of each message type (contact:, messages:)", null);
        }
        Map<String, String> contact = new LinkedHashMap<>();
        Map<String, Map<String, Object>> messages = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (NodeTuple entry : mapping(file, root, "the file must have the keys contact and messages")) {
            String key = key(file, entry);
            switch (key) {
                case "contact" -> {
                    for (NodeTuple field : mapping(file, entry.getValueNode(), "contact must map each field to a"
                            + " value")) {
                        String name = key(file, field);
                        if (!CONTACT_FIELDS.contains(name)) {
                            throw new TemplateException(file, line(field.getKeyNode()), "contact has an unknown field '"
                                    + name + "' (expected some of " + sorted(CONTACT_FIELDS) + ")", null);
                        }
                        Object value = value(field.getValueNode());
                        contact.put(name, value == null ? null : value.toString());
                    }
                }
                case "messages" -> {
                    for (NodeTuple message : mapping(file, entry.getValueNode(), "messages must map each message"
                            + " type to its sample variables")) {
                        String type = key(file, message);
                        Map<String, Object> variables = new LinkedHashMap<>();
                        if (!isNull(message.getValueNode())) {
                            for (NodeTuple variable : mapping(file, message.getValueNode(), "the samples of " + type
                                    + " must map each variable to a value ({} when it uses none)")) {
                                variables.put(key(file, variable), value(variable.getValueNode()));
                            }
                        }
                        messages.put(type, Collections.unmodifiableMap(variables));
                        lines.put(type, line(message.getKeyNode()));
                    }
                }
                default -> throw new TemplateException(file, line(entry.getKeyNode()), "unknown key '" + key
                        + "' (expected contact and messages)", null);
            }
        }
        return new TemplateSamples(file, Collections.unmodifiableMap(contact), Collections.unmodifiableMap(messages),
                Collections.unmodifiableMap(lines));
    }

    private static List<NodeTuple> mapping(String file, Node node, String expectation) {
        if (!(node instanceof MappingNode mapping)) {
            throw new TemplateException(file, line(node), expectation, null);
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = key(file, tuple);
            Integer earlier = seen.putIfAbsent(key, line(tuple.getKeyNode()));
            if (earlier != null) {
                throw new TemplateException(file, line(tuple.getKeyNode()), "'" + key + "' appears twice (first at"
                        + " line " + earlier + ")", null);
            }
        }
        return mapping.getValue();
    }

    private static String key(String file, NodeTuple tuple) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key) || key.getValue().isBlank()) {
            throw new TemplateException(file, line(tuple.getKeyNode()), "a key must be a plain name", null);
        }
        return key.getValue();
    }

    /** A YAML value as the plain Java values scenario variables have: texts, numbers, booleans, maps and lists. */
    private static Object value(Node node) {
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>();
            sequence.getValue().forEach(item -> list.add(value(item)));
            return list;
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                map.put(((ScalarNode) tuple.getKeyNode()).getValue(), value(tuple.getValueNode()));
            }
            return map;
        }
        ScalarNode scalar = (ScalarNode) node;
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return Set.of("true", "yes", "on").contains(text.toLowerCase(Locale.ROOT));
        }
        if (Tag.INT.equals(tag)) {
            BigInteger number = new BigInteger(text.replace("_", ""));
            return number.bitLength() < 32 ? (Object) number.intValue() : (Object) number.longValue();
        }
        if (Tag.FLOAT.equals(tag)) {
            return new BigDecimal(text.replace("_", "")).doubleValue();
        }
        // Dates stay texts, as an event's data gives them to the scenario.
        return text;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
