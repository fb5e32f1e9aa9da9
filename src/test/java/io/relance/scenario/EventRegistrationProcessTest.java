package io.relance.scenario;

import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;

/**
 * The event registration scenario on the real engine, without Spring: confirmation at once, reminder the day before
 * at 09:00 Paris time, thank-you the day after with the replay; a late registration without the reminder; an event
 * already begun. Coverage must reach 90%.
 */
class EventRegistrationProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/event-registration.bpmn");

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @BeforeEach
    void bindBeans() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        Mocks.register("eventDates", new EventDates(EngineClock.INSTANCE));
    }

    private List<String> sent() {
        return scenario.sends().asked().stream().map(Sends.Send::typeAndCategory).toList();
    }

    private ProcessInstance register(String eventDate) {
        ProcessInstance instance = scenario.start(EventRegistration.MESSAGE_START, "marie", Variables.createVariables()
                .putValue(ScenarioVariables.CONTACT_ID.name(), "marie")
                .putValue(EventRegistration.EVENT_NAME.name(), "Salon du voyage")
                .putValue(EventRegistration.EVENT_DATE.name(), eventDate)
                .putValue(EventRegistration.EVENT_URL.name(), "https://www.example.com/salon")
                .putValue(EventRegistration.REPLAY_URL.name(), "https://www.example.com/replay"));
        if (!instance.isEnded()) {
            scenario.sends().run(job(instance));
        }
        return instance;
    }

    private static Job job(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).singleResult();
    }

    private static void fire(Job timer) {
        ClockUtil.setCurrentTime(timer.getDuedate());
        execute(timer);
    }

    @Test
    void confirmationReminderTheDayBeforeThenThankYouWithTheReplay() {
        ProcessInstance instance = register("2026-12-10T19:30:00+01:00");
        assertThat(sent()).containsExactly("event-registration-confirmation/transactional");
        assertThat(instance).isWaitingAt(EventRegistration.TIMER_DAY_BEFORE);
        assertThat(job(instance)).hasDueDate(Date.from(Instant.parse("2026-12-09T08:00:00Z")));

        fire(job(instance));
        scenario.sends().run(job(instance));
        assertThat(instance).isWaitingAt(EventRegistration.TIMER_DAY_AFTER);
        assertThat(job(instance)).hasDueDate(Date.from(Instant.parse("2026-12-11T08:00:00Z")));

        fire(job(instance));
        scenario.sends().run(job(instance));
        assertThat(sent()).containsExactly("event-registration-confirmation/transactional",
                "event-registration-reminder/transactional", "event-thank-you/commercial");
        assertThat(scenario.sends().asked().get(2).variable(EventRegistration.REPLAY_URL.name()))
                .isEqualTo("https://www.example.com/replay");
        assertThat(instance).hasPassed(EventRegistration.END_THANKED).isEnded();
    }

    @Test
    void aLateRegistrationGetsNoReminder() {
        // Event tomorrow evening: the reminder time (today 09:00 Paris) is over.
        ProcessInstance instance = register("2026-11-24T19:30:00+01:00");

        assertThat(instance).hasPassed(EventRegistration.GATEWAY_REMINDER_AHEAD)
                .hasNotPassed(EventRegistration.TIMER_DAY_BEFORE).isWaitingAt(EventRegistration.TIMER_DAY_AFTER);
        fire(job(instance));
        scenario.sends().run(job(instance));
        assertThat(sent()).containsExactly("event-registration-confirmation/transactional",
                "event-thank-you/commercial");
    }

    @Test
    void anEventAlreadyBegunIsNotConfirmed() {
        ProcessInstance instance = register("2026-11-23T08:30:00+01:00");

        assertThat(instance).hasPassed(EventRegistration.END_EVENT_OVER).isEnded();
        assertThat(sent()).isEmpty();
    }
}
