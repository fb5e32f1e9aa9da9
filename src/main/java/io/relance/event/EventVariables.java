package io.relance.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relance.scenario.ScenarioVariables;
import io.relance.refusal.FieldProblem;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.spin.plugin.variable.SpinValues;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns an event into typed process variables: each top-level field of {@code data} becomes a variable of the same
 * name — strings, numbers and booleans as plain values, objects and arrays as Spin JSON (never Java serialization).
 */
final class EventVariables {

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    static final int MAX_FIELDS = 100;

    private EventVariables() {
    }

    /** The problems of {@code data}; empty when it can be handed to scenarios. */
    static List<FieldProblem> problems(ObjectNode data) {
        List<FieldProblem> problems = new ArrayList<>();
        if (data == null) {
            return problems;
        }
        if (data.size() > MAX_FIELDS) {
            problems.add(new FieldProblem("data", "at most " + MAX_FIELDS + " top-level fields"));
        }
        Iterator<String> names = data.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!NAME.matcher(name).matches()) {
                problems.add(new FieldProblem("data." + shorten(name),
                        "field names must start with a letter or _ and contain only letters, digits and _ (max 64),"
                                + " so that templates and conditions can use them"));
            } else if (ScenarioVariables.RESERVED.contains(name)) {
                problems.add(new FieldProblem("data." + name, "is set by Relance from the event itself; rename it"));
            }
        }
        return problems;
    }

    static VariableMap of(EventRequest event) {
        VariableMap variables = Variables.createVariables()
                .putValue(ScenarioVariables.CONTACT_ID.name(), event.contactId());
        if (event.data() != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = event.data().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                variables.putValueTyped(field.getKey(), typed(field.getValue()));
            }
        }
        return variables;
    }

    private static org.camunda.bpm.engine.variable.value.TypedValue typed(JsonNode node) {
        if (node == null || node.isNull()) {
            return Variables.untypedNullValue();
        }
        if (node.isTextual()) {
            return Variables.stringValue(node.textValue());
        }
        if (node.isBoolean()) {
            return Variables.booleanValue(node.booleanValue());
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Variables.longValue(node.longValue());
        }
        if (node.isNumber()) {
            return Variables.doubleValue(node.doubleValue());
        }
        return SpinValues.jsonValue(node.toString()).create();
    }

    private static String shorten(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }
}
