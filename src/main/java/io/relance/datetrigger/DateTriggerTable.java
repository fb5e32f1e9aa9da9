package io.relance.datetrigger;

import io.relance.event.EventCatalog;
import io.relance.scenario.DateTriggerRun;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.HitPolicy;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.InputEntry;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the rows of {@code dmn/date-triggers.dmn} (decision {@code date-triggers}, hit policy COLLECT): input column
 * the date attribute, output columns {@code offsetDays}, {@code recurrence}, {@code eventType}, {@code localHour},
 * each cell a literal. Every problem is named with the file, the rule id, its row and the column.
 */
final class DateTriggerTable {

    static final String OFFSET_DAYS = "offsetDays";
    static final String RECURRENCE = "recurrence";
    static final String EVENT_TYPE = "eventType";
    static final String LOCAL_HOUR = "localHour";
    /** At most ten years before or after the date. */
    static final int MAX_OFFSET_DAYS = 3660;

    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,6}");
    private static final Pattern EVENT_TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,99}");

    private DateTriggerTable() {
    }

    /** A table that cannot drive the run: every problem found, each naming file, rule and column. */
    static final class InvalidException extends RuntimeException {

        private final List<String> problems;

        InvalidException(String file, List<String> problems) {
            super(file + " has " + problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    /** The problems of a table file's content (empty when it may be deployed). */
    static List<String> problems(String file, byte[] content, EventCatalog catalog) {
        DmnModelInstance model;
        try {
            model = Dmn.readModelFromStream(new ByteArrayInputStream(content));
        } catch (RuntimeException e) {
            // Malformed: the engine's own parser reports it at deployment.
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        read(file, model, catalog, problems);
        return problems;
    }

    /** The triggers of a deployed table; {@link InvalidException} listing every problem if any. */
    static List<DateTrigger> read(String file, DmnModelInstance model, EventCatalog catalog) {
        List<String> problems = new ArrayList<>();
        List<DateTrigger> triggers = read(file, model, catalog, problems);
        if (!problems.isEmpty()) {
            throw new InvalidException(file, problems);
        }
        return triggers;
    }

    private static List<DateTrigger> read(String file, DmnModelInstance model, EventCatalog catalog,
                                          List<String> problems) {
        List<DateTrigger> triggers = new ArrayList<>();
        Decision decision = model.getModelElementById(DateTriggerRun.DECISION);
        DecisionTable table = decision == null ? null : decision.getChildElementsByType(DecisionTable.class).stream()
                .findFirst().orElse(null);
        if (table == null) {
            problems.add(file + ": no decision table with the id '" + DateTriggerRun.DECISION + "'");
            return triggers;
        }
        if (table.getHitPolicy() != HitPolicy.COLLECT || table.getAggregation() != null) {
            problems.add(file + ": the hit policy must be COLLECT without aggregation (every row is a trigger), not "
                    + table.getHitPolicy() + (table.getAggregation() == null ? "" : " " + table.getAggregation()));
        }
        if (table.getInputs().size() != 1) {
            problems.add(file + ": the table needs exactly one input column, the date attribute (one of "
                    + DateAttribute.keys() + "), not " + table.getInputs().size());
            return triggers;
        }
        List<String> outputs = table.getOutputs().stream().map(Output::getName).toList();
        for (String required : List.of(OFFSET_DAYS, RECURRENCE, EVENT_TYPE, LOCAL_HOUR)) {
            if (!outputs.contains(required)) {
                problems.add(file + ": no output column named '" + required + "' (columns: " + outputs + ")");
            }
        }
        if (problems.stream().anyMatch(p -> p.contains("output column"))) {
            return triggers;
        }
        int row = 0;
        for (Rule rule : table.getRules()) {
            row++;
            String where = file + ", rule '" + rule.getId() + "' (row " + row + ")";
            int before = problems.size();
            InputEntry input = rule.getInputEntries().isEmpty() ? null : rule.getInputEntries().iterator().next();
            String attributeText = input == null || input.getText() == null ? ""
                    : text(input.getText().getTextContent());
            DateAttribute attribute = null;
            String attributeName = string(attributeText);
            if (attributeName == null) {
                problems.add(where + ": the date attribute must be one name in quotes, one of "
                        + DateAttribute.keys() + ", not '" + attributeText + "'");
            } else {
                attribute = DateAttribute.of(attributeName).orElse(null);
                if (attribute == null) {
                    problems.add(where + ": unknown date attribute \"" + attributeName + "\" (known: "
                            + String.join(", ", DateAttribute.keys()) + ")");
                }
            }
            List<OutputEntry> entries = new ArrayList<>(rule.getOutputEntries());
            if (entries.size() != outputs.size()) {
                problems.add(where + ": " + entries.size() + " output cells for " + outputs.size() + " columns");
                continue;
            }
            String offsetText = cell(entries.get(outputs.indexOf(OFFSET_DAYS)));
            Integer offset = INTEGER.matcher(offsetText).matches() ? Integer.valueOf(offsetText) : null;
            if (offset == null || Math.abs(offset) > MAX_OFFSET_DAYS) {
                problems.add(where + ", column " + OFFSET_DAYS + ": '" + offsetText + "' is not a whole number of"
                        + " days between -" + MAX_OFFSET_DAYS + " and " + MAX_OFFSET_DAYS + " (negative: before the"
                        + " date)");
            }
            String recurrenceText = cell(entries.get(outputs.indexOf(RECURRENCE)));
            DateTrigger.Recurrence recurrence = DateTrigger.Recurrence.of(string(recurrenceText)).orElse(null);
            if (recurrence == null) {
                problems.add(where + ", column " + RECURRENCE + ": '" + recurrenceText + "' is neither \"once\" nor"
                        + " \"yearly\"");
            }
            String typeText = cell(entries.get(outputs.indexOf(EVENT_TYPE)));
            String eventType = string(typeText);
            if (eventType == null || !EVENT_TYPE_NAME.matcher(eventType).matches()) {
                problems.add(where + ", column " + EVENT_TYPE + ": '" + typeText + "' is not an event type name in"
                        + " quotes (UpperCamelCase, e.g. \"ContractEndApproaching\")");
            } else if (!catalog.isDocumented(eventType)) {
                problems.add(where + ", column " + EVENT_TYPE + ": \"" + eventType + "\" is not a documented event"
                        + " type (one of " + catalog.names() + ")");
            }
            String hourText = cell(entries.get(outputs.indexOf(LOCAL_HOUR)));
            Integer hour = INTEGER.matcher(hourText).matches() ? Integer.valueOf(hourText) : null;
            if (hour == null || hour < 0 || hour > 23) {
                problems.add(where + ", column " + LOCAL_HOUR + ": '" + hourText + "' is not an hour from 0 to 23");
            }
            if (problems.size() == before) {
                triggers.add(new DateTrigger(rule.getId(), attribute, offset, recurrence, eventType, hour));
            }
        }
        return triggers;
    }

    private static String cell(OutputEntry entry) {
        return entry.getText() == null ? "" : text(entry.getText().getTextContent());
    }

    private static String text(String content) {
        return content == null ? "" : content.strip();
    }

    private static String string(String text) {
        java.util.regex.Matcher matcher = STRING.matcher(text);
        return matcher.matches() ? matcher.group(1) : null;
    }
}
