package io.relance.scenario;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dmn/segments.dmn}: nested segments through its decision requirements graph — the scenario entry decision
 * requires the value tier and the age band, evaluated from the contact's attributes.
 */
class SegmentsDecisionTest {

    private static final DmnEngine DMN = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    private static DmnDecision decision(String key) throws IOException {
        try (InputStream in = new FileInputStream("dmn/segments.dmn")) {
            List<DmnDecision> decisions = DMN.parseDecisions(in);
            return decisions.stream().filter(d -> d.getKey().equals(key)).findFirst().orElseThrow();
        }
    }

    private static Object evaluate(String key, VariableMap variables) throws IOException {
        return DMN.evaluateDecision(decision(key), variables).getSingleResult().getSingleEntry();
    }

    @ParameterizedTest(name = "{0} € and {1} orders: {2}")
    @CsvSource(nullValues = "null", value = {"1500, 1, gold", "100, 12, gold", "350, 0, silver", "50, 3, silver",
            "50, 1, standard", "null, null, standard"})
    void valueTier(Double lifetimeValue, Integer orders, String tier) throws IOException {
        assertThat(evaluate("value-tier", Variables.createVariables().putValue("lifetimeValue", lifetimeValue)
                .putValue("ordersCount", orders))).isEqualTo(tier);
    }

    @ParameterizedTest(name = "age {0}: {1}")
    @CsvSource(nullValues = "null", value = {"16, minor", "18, 18_24", "24, 18_24", "25, 25_49", "49, 25_49",
            "50, 50_plus", "null, unknown"})
    void ageBand(Integer age, String band) throws IOException {
        assertThat(evaluate("age-band", Variables.createVariables().putValue("age", age))).isEqualTo(band);
    }

    @ParameterizedTest(name = "{0}, age {1}, {2}: {3}")
    @CsvSource(nullValues = "null", value = {"birthday, 30, FR, true", "birthday, 16, FR, false",
            "birthday, 30, US, false", "birthday, null, null, true", "welcome, 16, US, true"})
    void scenarioEntryRequiresTheNestedSegments(String scenario, Integer age, String country, boolean eligible)
            throws IOException {
        VariableMap variables = Variables.createVariables().putValue("scenario", scenario).putValue("age", age)
                .putValue("country", country).putValue("lifetimeValue", null).putValue("ordersCount", null);
        assertThat(evaluate("scenario-entry", variables)).isEqualTo(eligible);
    }

    @Test
    void theGraphNestsValueTierAndAgeBandUnderScenarioEntry() throws IOException {
        assertThat(decision("scenario-entry").getRequiredDecisions())
                .extracting(DmnDecision::getKey).containsExactlyInAnyOrder("value-tier", "age-band");
    }
}
