package io.relance.datetrigger;

import io.relance.support.DeployedScenario;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;

/** The birthday scenario and its hourly run on the real engine, with BPMN coverage enforced. */
class BirthdayProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/birthday.bpmn", "bpmn/birthday-run.bpmn",
            "dmn/birthday-offer.dmn", "dmn/segments.dmn");

    private int runs;

    private List<String> sent() {
        return scenario.sends().asked().stream().map(send -> send.typeAndCategory() + "/"
                + send.variable("offerPercent") + "%/" + send.variable("offerValidDays") + "d").toList();
    }

    @BeforeEach
    void setUp() {
        Mocks.register("dateTriggerRun", (JavaDelegate) execution -> runs++);
    }

    @ParameterizedTest(name = "value tier {0}: {1}% off")
    @CsvSource(nullValues = "null", value = {"gold, 20", "silver, 15", "standard, 10", "null, 10"})
    void theGreetingCarriesTheOfferOfTheValueTier(String valueTier, int percent) {
        ProcessInstance instance = scenario.start("BirthdayToday", "marie",
                Variables.createVariables().putValue("valueTier", valueTier));
        assertThat(instance).isWaitingAt("Task_SendBirthdayGreeting");
        scenario.sends().run(managementService().createJobQuery().processInstanceId(instance.getId())
                .singleResult());
        assertThat(instance).hasPassed("Task_DecideBirthdayOffer", "EndEvent_Greeted").isEnded();
        assertThat(sent()).containsExactly("birthday/commercial/" + percent + "%/15d");
    }

    @ParameterizedTest(name = "age {0}, country {1}: not eligible")
    @CsvSource(nullValues = "null", value = {"16, FR", "40, US"})
    void minorsAndCountriesWithoutOfferAreNotGreeted(Integer age, String country) {
        ProcessInstance instance = scenario.start("BirthdayToday", "marie",
                Variables.createVariables().putValue("age", age).putValue("country", country));
        assertThat(instance).hasPassed("Task_CheckBirthdayEntry", "EndEvent_NotEligible").isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void theDecisionsReadTheContactsAttributesWithoutCopyingThem() {
        ProcessInstance instance = scenario.start("BirthdayToday", "marie", Variables.createVariables()
                .putValue("age", 40).putValue("country", "FR").putValue("valueTier", "gold"));
        scenario.sends().run(managementService().createJobQuery().processInstanceId(instance.getId())
                .singleResult());

        assertThat(instance).hasPassed("Task_CheckBirthdayEntry", "Task_DecideBirthdayOffer", "EndEvent_Greeted");
        assertThat(sent()).containsExactly("birthday/commercial/20%/15d");
        // One row each for the attributes the event carried, none for those it did not: the tables read them as
        // they are (a missing one as null), no input mapping writes a copy of each into history.
        List<String> kept = historyService().createHistoricVariableInstanceQuery()
                .processInstanceId(instance.getId()).list().stream().map(v -> v.getName()).toList();
        assertThat(kept).containsOnlyOnce("age", "country", "valueTier")
                .doesNotContain("lifetimeValue", "ordersCount");
    }

    @Test
    void theHourlyRunIsAScheduleThatRunsTheGreetingBean() {
        Job timer = managementService().createJobQuery().processDefinitionKey("birthday-run").timers().singleResult();
        assertThat(timer).isNotNull();
        execute(timer);
        assertThat(runs).isEqualTo(1);
        assertThat(managementService().createJobQuery().processDefinitionKey("birthday-run").timers().count())
                .as("the next hour is scheduled").isEqualTo(1);
    }
}
