package io.relance.datetrigger;

import org.camunda.bpm.model.dmn.Dmn;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rows of {@code dmn/date-triggers.dmn}, and the precise refusal of a table the run could not follow. */
class DateTriggerTableTest {

    /** The shipped event catalogue (the packaged copy, as without a scenario folder). */
    private static final io.relance.event.EventCatalog CATALOG = io.relance.event.EventCatalog.of("");

    static final Path TABLE = Path.of("dmn/date-triggers.dmn");

    static String shipped() throws IOException {
        return Files.readString(TABLE, StandardCharsets.UTF_8);
    }

    private static java.util.List<String> problems(String xml) {
        return new DateTriggerFileCheck(CATALOG).problems("dmn/date-triggers.dmn", "scenarios/dmn/date-triggers.dmn",
                xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theShippedTableHasTheBirthdayTheContractEndAndTheCustomerAnniversary() throws IOException {
        assertThat(problems(shipped())).isEmpty();
        assertThat(DateTriggerTable.read("dmn/date-triggers.dmn", Dmn.readModelFromStream(
                new ByteArrayInputStream(shipped().getBytes(StandardCharsets.UTF_8))), CATALOG))
                .containsExactly(
                        new DateTrigger("Rule_Birthday", DateAttribute.BIRTH_DATE, 0, DateTrigger.Recurrence.YEARLY,
                                "BirthdayToday", 8),
                        new DateTrigger("Rule_ContractEnd", DateAttribute.CONTRACT_END, -30,
                                DateTrigger.Recurrence.ONCE, "ContractEndApproaching", 9),
                        new DateTrigger("Rule_CustomerAnniversary", DateAttribute.CUSTOMER_SINCE, 0,
                                DateTrigger.Recurrence.YEARLY, "CustomerAnniversary", 9));
    }

    @Test
    void anUnknownAttributeIsNamedWithItsRuleAndRow() throws IOException {
        assertThat(problems(shipped().replace("\"contractEnd\"", "\"contractEnds\""))).containsExactly(
                "scenarios/dmn/date-triggers.dmn, rule 'Rule_ContractEnd' (row 2): unknown date attribute"
                        + " \"contractEnds\" (known: birthDate, customerSince, contractEnd, departureDate)");
        assertThat(problems(shipped().replace("<text>\"birthDate\"</text>", "<text>birthDate</text>")))
                .singleElement().asString().contains("rule 'Rule_Birthday' (row 1)")
                .contains("one name in quotes");
    }

    @Test
    void anUndocumentedOrMalformedEventTypeIsNamed() throws IOException {
        assertThat(problems(shipped().replace("\"ContractEndApproaching\"", "\"ContractEndAproaching\"")))
                .singleElement().asString()
                .startsWith("scenarios/dmn/date-triggers.dmn, rule 'Rule_ContractEnd' (row 2), column eventType:"
                        + " \"ContractEndAproaching\" is not a documented event type (one of [");
        assertThat(problems(shipped().replace("\"CustomerAnniversary\"</text>", "\"customer anniversary\"</text>")))
                .singleElement().asString().contains("rule 'Rule_CustomerAnniversary' (row 3), column eventType:")
                .contains("not an event type name");
    }

    @Test
    void badRecurrenceOffsetAndHourAreNamed() throws IOException {
        String xml = shipped()
                .replace("<text>\"once\"</text>", "<text>\"monthly\"</text>")
                .replace("<text>-30</text>", "<text>-30.5</text>")
                .replace("<text>8</text>", "<text>24</text>");
        assertThat(problems(xml)).containsExactlyInAnyOrder(
                "scenarios/dmn/date-triggers.dmn, rule 'Rule_Birthday' (row 1), column localHour: '24' is not an hour"
                        + " from 0 to 23",
                "scenarios/dmn/date-triggers.dmn, rule 'Rule_ContractEnd' (row 2), column offsetDays: '-30.5' is"
                        + " not a whole number of days between -3660 and 3660 (negative: before the date)",
                "scenarios/dmn/date-triggers.dmn, rule 'Rule_ContractEnd' (row 2), column recurrence: '\"monthly\"'"
                        + " is neither \"once\" nor \"yearly\"");
    }

    @Test
    void theTableMustCollectEveryRowAndHaveItsColumns() throws IOException {
        assertThat(problems(shipped().replace("hitPolicy=\"COLLECT\"", "hitPolicy=\"FIRST\""))).containsExactly(
                "scenarios/dmn/date-triggers.dmn: the hit policy must be COLLECT without aggregation (every row is"
                        + " a trigger), not FIRST");
        assertThat(problems(shipped().replace("name=\"localHour\"", "name=\"hour\""))).containsExactly(
                "scenarios/dmn/date-triggers.dmn: no output column named 'localHour' (columns: [offsetDays,"
                        + " recurrence, eventType, hour])");
        assertThat(problems(shipped().replace("id=\"date-triggers\"", "id=\"date-trigger\""))).containsExactly(
                "scenarios/dmn/date-triggers.dmn: no decision table with the id 'date-triggers'");
    }

    @Test
    void otherFilesAreNotThisChecksBusiness() throws IOException {
        assertThat(new DateTriggerFileCheck(CATALOG).problems("dmn/welcome-settings.dmn", "dmn/welcome-settings.dmn",
                shipped().replace("\"contractEnd\"", "\"contractEnds\"").getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aDeployedTableWithProblemsCannotBeRead() throws IOException {
        assertThatThrownBy(() -> DateTriggerTable.read("date-triggers.dmn (version 2)", Dmn.readModelFromStream(
                new ByteArrayInputStream(shipped().replace("\"customerSince\"", "\"since\"")
                        .getBytes(StandardCharsets.UTF_8))), CATALOG))
                .isInstanceOf(DateTriggerTable.InvalidException.class)
                .hasMessageContaining("date-triggers.dmn (version 2) has 1 problem(s)")
                .hasMessageContaining("rule 'Rule_CustomerAnniversary' (row 3): unknown date attribute \"since\"");
    }
}
