package io.relance.birthday;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

/** The birthday scenario and its hourly run on the real engine, with BPMN coverage enforced. */
@Deployment(resources = {"bpmn/birthday.bpmn", "bpmn/birthday-run.bpmn", "dmn/birthday-offer.dmn",
        "dmn/segments.dmn"})
class BirthdayProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder("camunda-coverage.cfg.xml").assertClassCoverageAtLeast(0.9).build();

    private final List<String> sent = new ArrayList<>();
    private int runs;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine.getProcessEngine());
        Mocks.register("sendEmail", (JavaDelegate) execution -> sent.add(execution.getVariable("messageType") + "/"
                + execution.getVariable("category") + "/" + execution.getVariable("offerPercent") + "%/"
                + execution.getVariable("offerValidDays") + "d"));
        Mocks.register("birthdayRun", (JavaDelegate) execution -> runs++);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        BpmnAwareTests.reset();
    }

    @ParameterizedTest(name = "value tier {0}: {1}% off")
    @CsvSource(nullValues = "null", value = {"gold, 20", "silver, 15", "standard, 10", "null, 10"})
    void theGreetingCarriesTheOfferOfTheValueTier(String valueTier, int percent) {
        ProcessInstance instance = runtimeService().createMessageCorrelation("BirthdayToday")
                .processInstanceBusinessKey("marie")
                .setVariables(Variables.createVariables().putValue("valueTier", valueTier))
                .correlateStartMessage();
        assertThat(instance).isWaitingAt("Task_SendBirthdayGreeting");
        execute(managementService().createJobQuery().processInstanceId(instance.getId()).singleResult());
        assertThat(instance).hasPassed("Task_DecideBirthdayOffer", "EndEvent_Greeted").isEnded();
        assertThat(sent).containsExactly("birthday/commercial/" + percent + "%/15d");
    }

    @ParameterizedTest(name = "age {0}, country {1}: not eligible")
    @CsvSource(nullValues = "null", value = {"16, FR", "40, US"})
    void minorsAndCountriesWithoutOfferAreNotGreeted(Integer age, String country) {
        ProcessInstance instance = runtimeService().createMessageCorrelation("BirthdayToday")
                .processInstanceBusinessKey("marie")
                .setVariables(Variables.createVariables().putValue("age", age).putValue("country", country))
                .correlateStartMessage();
        assertThat(instance).hasPassed("Task_CheckBirthdayEntry", "EndEvent_NotEligible").isEnded();
        assertThat(sent).isEmpty();
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
