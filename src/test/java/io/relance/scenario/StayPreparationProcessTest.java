package io.relance.scenario;

import io.relance.support.DeployedScenario;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

/**
 * The stay preparation scenario on the real engine, without Spring: the timer relative to the departure date (09:00
 * Paris time, summer and winter), a late booking, a departure already over, a cancellation of this booking or of
 * another one of the contact. Flow-node and sequence-flow coverage of the class must reach 90%.
 */
class StayPreparationProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/stay-preparation.bpmn");

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    /** The email channel is tested elsewhere; here only that the scenario asks for the right message. */
    private List<String> sent() {
        return scenario.sends().asked().stream()
                .map(send -> send.typeAndCategory() + "/" + send.variable("bookingId")).toList();
    }

    @BeforeEach
    void bindBeans() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        Mocks.register("stayDates", new StayDates(EngineClock.INSTANCE));
        Mocks.register("contactZones", new Zones());
    }

    /** The contacts' time zones ({@code contactZones} in the application): the traveller's, else Paris. */
    public class Zones {
        public String of(String contactId) {
            return zone;
        }
    }

    private String zone = "Europe/Paris";

    private ProcessInstance confirm(String bookingId, String departureDate, Object daysBefore) {
        VariableMap data = Variables.createVariables()
                .putValue(ScenarioVariables.CONTACT_ID.name(), "marie")
                .putValue(ScenarioVariables.BOOKING_ID.name(), bookingId)
                .putValue(ScenarioVariables.DEPARTURE_DATE.name(), departureDate)
                .putValue(StayPreparation.DESTINATION.name(), "Lisbonne");
        if (daysBefore != null) {
            data.putValue(StayPreparation.PREPARE_DAYS_BEFORE_NAME, daysBefore);
        }
        return scenario.start(StayPreparation.MESSAGE_START, "marie", data);
    }

    private static Job timer(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
    }

    private static Job sendJob(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).messages().singleResult();
    }

    private static void cancel(String bookingId) {
        runtimeService().createMessageCorrelation(EventType.BOOKING_CANCELLED)
                .processInstanceBusinessKey("marie")
                .setVariables(Variables.createVariables().putValue(ScenarioVariables.BOOKING_ID.name(), bookingId))
                .correlateAll();
    }

    /** Fires the timer at its due date, then runs the send (its job, if it has one, and its arbitration). */
    private void firePreparationTimer(ProcessInstance instance) {
        Job timer = timer(instance);
        ClockUtil.setCurrentTime(timer.getDuedate());
        execute(timer);
        assertThat(instance).isWaitingAt(StayPreparation.TASK_SEND_PREPARATION_EMAIL);
        scenario.sends().run(sendJob(instance));
    }

    @ParameterizedTest(name = "departure {0}, {1} day(s) before: due {2}")
    @CsvSource(nullValues = "null", value = {
            "2026-12-20, null, 2026-12-13T08:00:00Z",   // default 7 days, 09:00 Paris in winter (UTC+1)
            "2026-12-20, 3,    2026-12-17T08:00:00Z",
            "2027-06-10, null, 2027-06-03T07:00:00Z"})  // summer time (UTC+2)
    void waitsUntilTheGivenDaysBeforeDepartureAt9InParis(String departure, Long days, String due) {
        ProcessInstance instance = confirm("B-1", departure, days);

        assertThat(instance).isWaitingAt(StayPreparation.GATEWAY_CANCELLED_OR_TIME)
                .hasPassed(StayPreparation.GATEWAY_WHEN_TO_PREPARE, StayPreparation.GATEWAY_JOIN_WAIT);
        assertThat(timer(instance)).hasDueDate(Date.from(Instant.parse(due)));
        assertThat(sent()).isEmpty();

        firePreparationTimer(instance);

        assertThat(sent()).containsExactly("stay-preparation/transactional/B-1");
        assertThat(instance).hasPassed(StayPreparation.TIMER_PREPARATION_TIME, StayPreparation.GATEWAY_JOIN_SEND,
                StayPreparation.END_PREPARATION_SENT).isEnded();
    }

    @ParameterizedTest(name = "a traveller in {0}: due {1}")
    @CsvSource({"Europe/Paris, 2026-12-13T08:00:00Z", "America/New_York, 2026-12-13T14:00:00Z",
            "Asia/Tokyo, 2026-12-13T00:00:00Z"})
    void thePreparationGoesOutAt9InTheTravellersTimeZone(String zone, String due) {
        this.zone = zone;
        ProcessInstance instance = confirm("B-1", "2026-12-20", null);

        assertThat(instance).variables().containsEntry(StayPreparation.CONTACT_TIME_ZONE.name(), zone);
        assertThat(timer(instance)).hasDueDate(Date.from(Instant.parse(due)));
        firePreparationTimer(instance);
        assertThat(sent()).containsExactly("stay-preparation/transactional/B-1");
    }

    @Test
    void aDepartureDayIsTheTravellersDay() {
        // 23 November, 09:00 UTC: already the 23rd in Tokyo and Paris, still the 23rd in New York (04:00).
        zone = "America/New_York";
        ProcessInstance yesterdayInParis = confirm("B-1", "2026-11-22", null);
        assertThat(yesterdayInParis).hasPassed(StayPreparation.END_ALREADY_DEPARTED).isEnded();

        ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-11-23T02:00:00Z")));
        // 21:00 on the 22nd in New York: the departure day is not over there yet.
        ProcessInstance stillToday = confirm("B-2", "2026-11-22", 0L);
        assertThat(stillToday).isWaitingAt(StayPreparation.TASK_SEND_PREPARATION_EMAIL);
    }

    @Test
    void aLateBookingGetsItsPreparationAtOnce() {
        ProcessInstance instance = confirm("B-1", "2026-11-26", null);

        assertThat(instance).isWaitingAt(StayPreparation.TASK_SEND_PREPARATION_EMAIL)
                .hasNotPassed(StayPreparation.GATEWAY_CANCELLED_OR_TIME);
        assertThat(timer(instance)).isNull();
        assertThat(sendJob(instance).getDuedate()).as("no delay").isNull();
        scenario.sends().run(sendJob(instance));

        assertThat(sent()).containsExactly("stay-preparation/transactional/B-1");
        assertThat(instance).hasPassed(StayPreparation.END_PREPARATION_SENT).isEnded();
    }

    @Test
    void aDepartureOnTheDayItselfIsStillPrepared() {
        ProcessInstance instance = confirm("B-1", "2026-11-23", 0L);

        assertThat(instance).isWaitingAt(StayPreparation.TASK_SEND_PREPARATION_EMAIL);
    }

    @Test
    void aDepartureAlreadyOverGetsNothing() {
        ProcessInstance instance = confirm("B-1", "2026-11-22", null);

        assertThat(instance).hasPassed(StayPreparation.END_ALREADY_DEPARTED).isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void aCancelledBookingGetsNoPreparation() {
        ProcessInstance instance = confirm("B-1", "2026-12-20", null);

        cancel("B-1");

        assertThat(instance).hasPassed(StayPreparation.EVENT_BOOKING_CANCELLED, StayPreparation.END_CANCELLED)
                .hasNotPassed(StayPreparation.TASK_SEND_PREPARATION_EMAIL).isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void theCancellationOfAnotherBookingOfTheContactChangesNothing() {
        ProcessInstance first = confirm("B-1", "2026-12-20", null);
        ProcessInstance second = confirm("B-2", "2027-01-15", null);
        Date firstDue = timer(first).getDuedate();

        cancel("B-2");

        assertThat(second).hasPassed(StayPreparation.END_CANCELLED).isEnded();
        assertThat(first).isWaitingAt(StayPreparation.GATEWAY_CANCELLED_OR_TIME)
                .hasPassed(StayPreparation.GATEWAY_THIS_BOOKING);
        assertThat(first).variables().containsEntry(ScenarioVariables.BOOKING_ID.name(), "B-1");
        assertThat(timer(first)).hasDueDate(firstDue);

        firePreparationTimer(first);

        assertThat(sent()).containsExactly("stay-preparation/transactional/B-1");
        assertThat(first).hasPassed(StayPreparation.END_PREPARATION_SENT).isEnded();
    }

    @Test
    void aMalformedDepartureDateIsRefused() {
        assertThatThrownBy(() -> confirm("B-1", "20/12/2026", null))
                .hasMessageContaining("departureDate").hasMessageContaining("20/12/2026");
        assertThatThrownBy(() -> confirm("B-1", "2026-12-20", -2L))
                .hasMessageContaining("prepareDaysBefore");
    }
}
