package io.relance.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.relance.refusal.FieldProblem;
import io.relance.scenario.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event catalogue file, {@code bpmn/event-types.yaml}: the shipped one, and what a mistake in it reports. */
class EventCatalogFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID = """
            ContestEntered:
              description: The contact entered a contest.
              sentBy: integration
              fields:
                contestName:
                  type: string
                  required: true
                  description: The contest.
                  example: Grand jeu de Noël
                drawDate:
                  type: date
                  description: When the winners are drawn.
                  example: 2026-12-24
            """;

    @TempDir
    Path dir;

    private static List<EventTypeDefinition> parse(String yaml) {
        return EventCatalogFile.parse(new EventCatalogFile.Source("bpmn/event-types.yaml",
                yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static EventCatalogException refusal(String yaml) {
        try {
            parse(yaml);
        } catch (EventCatalogException e) {
            return e;
        }
        throw new AssertionError("accepted:\n" + yaml);
    }

    private static ObjectNode data(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyEventTypeJavaCodeNamesIsInTheShippedFile() throws IllegalAccessException {
        EventCatalog shipped = EventCatalog.of("");
        assertThat(shipped.origin()).endsWith("bpmn/event-types.yaml");
        List<String> constants = new java.util.ArrayList<>();
        for (Field field : EventType.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        assertThat(constants).hasSizeGreaterThan(15);
        assertThat(shipped.names()).containsAll(constants);
    }

    @Test
    void theShippedFileDescribesEachTypeAndField() {
        List<EventTypeDefinition> types = EventCatalog.of("").types();
        assertThat(types).allSatisfy(type -> {
            assertThat(type.description()).isNotBlank();
            assertThat(type.fields()).allSatisfy(field -> {
                assertThat(field.description()).as(type.type() + "." + field.name()).isNotBlank();
                assertThat(field.example()).as(type.type() + "." + field.name() + " example").isNotNull();
            });
        });
        EventTypeDefinition booking = types.stream().filter(t -> t.type().equals(EventType.BOOKING_CONFIRMED))
                .findFirst().orElseThrow();
        assertThat(booking.sentBy()).isEqualTo(EventTypeDefinition.Sender.integration);
        assertThat(booking.fields()).extracting(EventField::name, EventField::type, EventField::required)
                .contains(org.assertj.core.groups.Tuple.tuple("departureDate", FieldType.DATE, true),
                        org.assertj.core.groups.Tuple.tuple("destination", FieldType.STRING, false));
    }

    @Test
    void aValidEntryIsReadWithItsFieldsAndTypedExamples() {
        EventTypeDefinition contest = parse(VALID).get(0);
        assertThat(contest.type()).isEqualTo("ContestEntered");
        assertThat(contest.fields()).extracting(EventField::name).containsExactly("contestName", "drawDate");
        assertThat(contest.fields().get(0).required()).isTrue();
        assertThat(contest.fields().get(1).required()).isFalse();
        assertThat(contest.fields().get(1).example()).isEqualTo(TextNode.valueOf("2026-12-24"));
        EventField count = parse("""
                Counted:
                  description: d
                  sentBy: relance
                  fields:
                    n: {type: number, description: d, example: 42}
                    items: {type: array, description: d, example: [{name: a, price: 1.5}]}
                """).get(0).fields().get(1);
        assertThat(count.example().toString()).isEqualTo("[{\"name\":\"a\",\"price\":1.5}]");
    }

    @Test
    void badYamlIsReportedWithItsLine() {
        EventCatalogException e = refusal(VALID + "  broken: [unclosed\n");
        assertThat(e.file()).isEqualTo("bpmn/event-types.yaml");
        assertThat(e.line()).isGreaterThanOrEqualTo(15);
        assertThat(e.getMessage()).startsWith("bpmn/event-types.yaml, line ").contains("not valid YAML");
    }

    @Test
    void anUnknownFieldTypeIsNamedWithItsLine() {
        EventCatalogException e = refusal(VALID.replace("type: date", "type: datetime"));
        assertThat(e.line()).isEqualTo(11);
        assertThat(e.getMessage()).contains("ContestEntered.fields.drawDate", "unknown type 'datetime'",
                "string, number, boolean, date, date-time, object, array");
    }

    @Test
    void aDuplicateTypeIsNamedWithBothLines() {
        EventCatalogException e = refusal(VALID + VALID);
        assertThat(e.line()).isEqualTo(14);
        assertThat(e.getMessage()).contains("'ContestEntered' appears twice (first at line 1)");
    }

    @Test
    void badNamesAreRefused() {
        assertThat(refusal(VALID.replace("ContestEntered", "contest-entered")).getMessage())
                .contains("line 1", "'contest-entered' is not a valid event type name");
        assertThat(refusal(VALID.replace("drawDate", "draw date")).getMessage())
                .contains("line 10", "'draw date' is not a valid field name");
        assertThat(refusal(VALID.replace("drawDate", "contactId")).getMessage())
                .contains("line 10", "set by Relance");
    }

    @Test
    void missingOrUnknownKeysAndBadValuesAreRefused() {
        assertThat(refusal(VALID.replace("  description: The contact entered a contest.\n", "")).getMessage())
                .contains("line 1", "ContestEntered has no description");
        assertThat(refusal(VALID.replace("sentBy: integration", "sentBy: shop")).getMessage())
                .contains("line 3", "integration, relance or both");
        assertThat(refusal(VALID.replace("required: true", "requried: true")).getMessage())
                .contains("line 7", "unknown key 'requried'");
        assertThat(refusal(VALID.replace("required: true", "required: maybe")).getMessage())
                .contains("line 7", "required must be true or false");
        assertThat(refusal(VALID.replace("example: 2026-12-24", "example: 2026-02-30")).getMessage())
                .contains("line 13", "the example of ContestEntered.fields.drawDate must be a date (YYYY-MM-DD)");
        assertThat(refusal("").getMessage()).contains("the file is empty");
        assertThat(refusal("- ContestEntered\n").getMessage()).contains("line 1", "must map each event type");
    }

    @Test
    void theFileOfTheScenarioFolderWinsOverThePackagedCopy() throws IOException {
        Files.createDirectories(dir.resolve("bpmn"));
        Files.writeString(dir.resolve("bpmn/event-types.yaml"), VALID);
        EventCatalog own = EventCatalog.of(dir.toString());
        assertThat(own.names()).containsExactly("ContestEntered");
        assertThat(own.origin()).isEqualTo(dir.resolve("bpmn/event-types.yaml").toString());

        Path empty = Files.createDirectories(dir.resolve("other/bpmn")).getParent();
        assertThat(EventCatalog.of(empty.toString()).names()).as("no file there: the packaged copy")
                .contains(EventType.CART_ABANDONED);
    }

    @Test
    void dataIsCheckedAgainstTheDeclaredFieldsStrictly() throws IOException {
        Files.createDirectories(dir.resolve("bpmn"));
        Files.writeString(dir.resolve("bpmn/event-types.yaml"), VALID + """
                  at:
                      type: date-time
                      description: When.
                  n:
                      type: number
                      description: A number.
                """.indent(2));
        EventCatalog catalog = EventCatalog.of(dir.toString());
        assertThat(catalog.problems("ContestEntered", data("{\"contestName\": \"Noël\", \"shop\": \"x\"}")))
                .as("extra fields are fine").isEmpty();
        assertThat(catalog.problems("Undocumented", data("{\"anything\": 1}"))).isEmpty();
        assertThat(messages(catalog.problems("ContestEntered", data("{}")))).containsExactly(
                "data.contestName: is required for ContestEntered (string)");
        assertThat(messages(catalog.problems("ContestEntered", null))).hasSize(1);
        assertThat(messages(catalog.problems("ContestEntered", data("{\"contestName\": null}")))).hasSize(1);
        assertThat(messages(catalog.problems("ContestEntered", data("""
                {"contestName": 12, "drawDate": "2026-02-30", "at": "2026-12-03T19:30:00", "n": "12 €"}"""))))
                .containsExactly("data.contestName: must be a string",
                        "data.drawDate: must be a date (YYYY-MM-DD)",
                        "data.at: must be a date-time with its offset (e.g. 2026-12-03T19:30:00+01:00)",
                        "data.n: must be a number (e.g. 49.9, or the decimal \"49.90\" as a string)");
        assertThat(catalog.problems("ContestEntered", data("""
                {"contestName": "x", "drawDate": "2026-12-24", "at": "2026-12-03T19:30:00Z", "n": 1.5}""")))
                .isEmpty();
    }

    @Test
    void fieldTypesParseDatesStrictly() {
        Map<String, Boolean> dates = Map.of("2026-12-03", true, "2028-02-29", true, "2026-02-29", false,
                "2026-12-3", false, "03/12/2026", false, "2026-12-03T10:00:00Z", false);
        dates.forEach((text, ok) -> assertThat(FieldType.DATE.accepts(TextNode.valueOf(text))).as(text).isEqualTo(ok));
        Map<String, Boolean> dateTimes = Map.of("2026-12-03T19:30:00+01:00", true, "2026-12-03T19:30Z", true,
                "2026-12-03T19:30:00", false, "2026-12-03", false, "2026-12-03T25:00:00Z", false,
                "2026-12-03 19:30:00+01:00", false);
        dateTimes.forEach((text, ok) -> assertThat(FieldType.DATE_TIME.accepts(TextNode.valueOf(text))).as(text)
                .isEqualTo(ok));
        assertThat(FieldType.NUMBER.accepts(JSON.getNodeFactory().numberNode(Double.POSITIVE_INFINITY))).isFalse();
        assertThat(FieldType.NUMBER.accepts(TextNode.valueOf("49.90"))).as("an exact decimal").isTrue();
        assertThat(FieldType.NUMBER.accepts(TextNode.valueOf("1e3"))).isFalse();
        assertThat(FieldType.NUMBER.accepts(TextNode.valueOf("49,90"))).isFalse();
        assertThat(FieldType.BOOLEAN.accepts(TextNode.valueOf("true"))).isFalse();
        assertThat(Arrays.stream(FieldType.values()).map(FieldType::key).collect(Collectors.joining(",")))
                .isEqualTo("string,number,boolean,date,date-time,object,array");
    }

    private static List<String> messages(List<FieldProblem> problems) {
        return problems.stream().map(p -> p.field() + ": " + p.message()).toList();
    }
}
