package io.relance.scenario;

import io.relance.channel.MessageChannel;
import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;

/**
 * The appointment scenario on the real engine as Relance deploys it, without Spring: the confirmation at once, the
 * reminder 24 hours before (moved out of the night, in the contact's time zone) by SMS with SMS consent and a phone
 * number, else by email; a booking too close for a reminder; an appointment already begun; a cancellation and a move
 * of that appointment, and events of another appointment of the contact. Coverage must reach 90%.
 */
class AppointmentProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/appointment.bpmn");

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    private String zone = "Europe/Paris";
    private boolean smsReachable;

    /** The contacts' time zones ({@code contactZones} in the application). */
    public class Zones {
        public String of(String contactId) {
            return zone;
        }
    }

    /** Whether the contact has SMS consent and a phone ({@code contactReach} in the application). */
    public class Reach {
        public boolean sms(String contactId) {
            return smsReachable;
        }
    }

    @BeforeEach
    void bindBeans() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        Mocks.register("appointmentDates", new AppointmentDates(EngineClock.INSTANCE));
        Mocks.register("appointmentBookings", new AppointmentBookings());
        Mocks.register("contactZones", new Zones());
        Mocks.register("contactReach", new Reach());
    }

    private List<String> sent() {
        return scenario.sends().asked().stream()
                .map(send -> send.channel().key() + ":" + send.typeAndCategory() + "/" + send.variable("appointmentId")
                        + " " + send.variable("appointmentDay") + " " + send.variable("appointmentTime"))
                .toList();
    }

    private static VariableMap booking(String appointmentId, String startsAt) {
        return Variables.createVariables()
                .putValue(ScenarioVariables.CONTACT_ID.name(), "marie")
                .putValue(Appointment.APPOINTMENT_ID.name(), appointmentId)
                .putValue(Appointment.STARTS_AT.name(), startsAt)
                .putValue(Appointment.PLACE.name(), "Boutique Lyon Part-Dieu")
                .putValue(Appointment.SERVICE_NAME.name(), "Essayage");
    }

    /** Books, and runs the confirmation's send job when there is one. */
    private ProcessInstance book(VariableMap data) {
        ProcessInstance instance = scenario.start(Appointment.MESSAGE_START, "marie", data);
        Job send = managementService().createJobQuery().processInstanceId(instance.getId()).messages()
                .singleResult();
        if (send != null) {
            scenario.sends().run(send);
        }
        return instance;
    }

    private static Job timer(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
    }

    private static Job sendJob(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).messages().singleResult();
    }

    private void fireReminder(ProcessInstance instance) {
        Job timer = timer(instance);
        ClockUtil.setCurrentTime(timer.getDuedate());
        execute(timer);
        scenario.sends().run(sendJob(instance));
    }

    @Test
    void confirmationAtOnceThenAReminderByEmail24HoursBefore() {
        ProcessInstance instance = book(booking("RDV-1", "2026-12-10T14:30:00+01:00"));

        assertThat(sent()).containsExactly("email:appointment-confirmation/transactional/RDV-1 2026-12-10 14:30");
        assertThat(instance).isWaitingAt(Appointment.GATEWAY_REMINDER_OR_CHANGE)
                .hasPassed(Appointment.GATEWAY_ROOM_FOR_REMINDER, Appointment.GATEWAY_JOIN_WAIT);
        assertThat(timer(instance)).hasDueDate(Date.from(Instant.parse("2026-12-09T13:30:00Z")));
        assertThat(instance).variables().containsEntry(Appointment.REMINDER_BEFORE.name(), "PT24H");

        fireReminder(instance);

        assertThat(sent()).containsExactly("email:appointment-confirmation/transactional/RDV-1 2026-12-10 14:30",
                "email:appointment-reminder/transactional/RDV-1 2026-12-10 14:30");
        assertThat(instance).hasPassed(Appointment.TASK_SEND_REMINDER_EMAIL,
                Appointment.END_REMINDED_BY_EMAIL).isEnded();
    }

    @Test
    void theReminderGoesBySmsWhenTheContactHasSmsConsentAndAPhone() {
        ProcessInstance instance = book(booking("RDV-1", "2026-12-10T14:30:00+01:00"));
        smsReachable = true;

        fireReminder(instance);

        assertThat(scenario.sends().asked()).extracting(Sends.Send::channel)
                .containsExactly(MessageChannel.EMAIL, MessageChannel.SMS);
        assertThat(sent()).last().isEqualTo("sms:appointment-reminder/transactional/RDV-1 2026-12-10 14:30");
        assertThat(instance).hasPassed(Appointment.TASK_SEND_REMINDER_SMS, Appointment.END_REMINDED_BY_SMS).isEnded();
    }

    @ParameterizedTest(name = "{0} in {1}, {2} before: reminder at {3}, shown {4}")
    @CsvSource({
            // the contact's zone: shown and reminded in New York time
            "2026-12-10T14:30:00+01:00, America/New_York, PT24H, 2026-12-09T13:30:00Z, 2026-12-10 08:30",
            // 24 hours before an 07:30 appointment is at night: 20:00 the evening before
            "2026-12-10T07:30:00+01:00, Europe/Paris,     PT24H, 2026-12-08T19:00:00Z, 2026-12-10 07:30",
            // 24 hours before a 21:00 appointment is too late in the evening: 20:00 that day
            "2026-12-10T21:00:00+01:00, Europe/Paris,     PT24H, 2026-12-09T19:00:00Z, 2026-12-10 21:00",
            // another delay, given with the booking
            "2026-12-10T14:30:00+01:00, Europe/Paris,     PT2H,  2026-12-10T11:30:00Z, 2026-12-10 14:30",
            // summer time in Paris
            "2027-06-10T10:00:00+02:00, Europe/Paris,     P2D,   2027-06-08T08:00:00Z, 2027-06-10 10:00"})
    void theReminderTimeFollowsTheContactsZoneAndAvoidsTheNight(String startsAt, String zone, String before,
                                                                 String due, String shown) {
        this.zone = zone;
        ProcessInstance instance = book(booking("RDV-1", startsAt).putValue(Appointment.REMINDER_BEFORE.name(),
                before));

        assertThat(timer(instance)).hasDueDate(Date.from(Instant.parse(due)));
        assertThat(sent()).containsExactly("email:appointment-confirmation/transactional/RDV-1 " + shown);
    }

    @Test
    void anAppointmentBookedLessThanADayAheadIsConfirmedWithoutAReminder() {
        ProcessInstance instance = book(booking("RDV-1", "2026-11-24T08:30:00+01:00"));

        assertThat(sent()).containsExactly("email:appointment-confirmation/transactional/RDV-1 2026-11-24 08:30");
        assertThat(instance).hasPassed(Appointment.END_NO_ROOM_FOR_REMINDER).isEnded();
    }

    @Test
    void anAppointmentAlreadyBegunGetsNothing() {
        ProcessInstance instance = book(booking("RDV-1", "2026-11-23T09:30:00+01:00"));

        assertThat(sent()).isEmpty();
        assertThat(instance).hasPassed(Appointment.END_APPOINTMENT_PAST).isEnded();
    }

    @Test
    void aCancellationOfThatAppointmentEndsItWithoutReminder() {
        ProcessInstance instance = book(booking("RDV-1", "2026-12-10T14:30:00+01:00"));

        scenario.event(EventType.APPOINTMENT_CANCELLED, "marie", Map.of(Appointment.APPOINTMENT_ID.name(), "RDV-1"));

        assertThat(instance).hasPassed(Appointment.EVENT_CANCELLED, Appointment.END_CANCELLED).isEnded();
        assertThat(sent()).containsExactly("email:appointment-confirmation/transactional/RDV-1 2026-12-10 14:30");
        assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).count()).isZero();
    }

    @Test
    void aMovedAppointmentIsConfirmedAgainAndRemindedAtItsNewTime() {
        ProcessInstance first = book(booking("RDV-1", "2026-12-10T14:30:00+01:00"));

        List<ProcessInstance> started = scenario.event(EventType.APPOINTMENT_BOOKED, "marie",
                booking("RDV-1", "2026-12-17T10:00:00+01:00"));

        assertThat(first).hasPassed(Appointment.EVENT_BOOKED_AGAIN, Appointment.END_RESCHEDULED).isEnded();
        assertThat(started).hasSize(1);
        ProcessInstance moved = started.get(0);
        scenario.sends().run(sendJob(moved));
        assertThat(timer(moved)).hasDueDate(Date.from(Instant.parse("2026-12-16T09:00:00Z")));

        fireReminder(moved);

        assertThat(sent()).containsExactly("email:appointment-confirmation/transactional/RDV-1 2026-12-10 14:30",
                "email:appointment-confirmation/transactional/RDV-1 2026-12-17 10:00",
                "email:appointment-reminder/transactional/RDV-1 2026-12-17 10:00");
        assertThat(moved).isEnded();
    }

    @Test
    void eventsOfAnotherAppointmentLeaveThisOneAsItWas() {
        ProcessInstance instance = book(booking("RDV-1", "2026-12-10T14:30:00+01:00"));
        Date due = timer(instance).getDuedate();

        List<ProcessInstance> other = scenario.event(EventType.APPOINTMENT_BOOKED, "marie", Variables
                .createVariables().putValue(Appointment.APPOINTMENT_ID.name(), "RDV-2")
                .putValue(Appointment.STARTS_AT.name(), "2026-12-20T11:00:00+01:00")
                .putValue(Appointment.PLACE.name(), "Ailleurs"));
        scenario.event(EventType.APPOINTMENT_CANCELLED, "marie", Map.of(Appointment.APPOINTMENT_ID.name(), "RDV-3"));

        assertThat(instance).isWaitingAt(Appointment.GATEWAY_REMINDER_OR_CHANGE)
                .hasPassed(Appointment.GATEWAY_THIS_APPOINTMENT_MOVED, Appointment.GATEWAY_THIS_APPOINTMENT_CANCELLED);
        assertThat(instance).variables().containsEntry(Appointment.APPOINTMENT_ID.name(), "RDV-1")
                .containsEntry(Appointment.STARTS_AT.name(), "2026-12-10T14:30:00+01:00")
                .containsEntry(Appointment.PLACE.name(), "Boutique Lyon Part-Dieu")
                .containsEntry(Appointment.SERVICE_NAME.name(), "Essayage");
        assertThat(timer(instance).getDuedate()).isEqualTo(due);
        assertThat(other).hasSize(1);
        assertThat(other.get(0)).isNotEnded();

        fireReminder(instance);
        assertThat(sent()).last().isEqualTo("email:appointment-reminder/transactional/RDV-1 2026-12-10 14:30");
        assertThat(scenario.sends().asked().get(scenario.sends().asked().size() - 1).variable("place"))
                .isEqualTo("Boutique Lyon Part-Dieu");
    }

    @Test
    void aReminderDelayThatIsNotADurationIsRefusedNamingIt() {
        assertThatThrownBy(() -> book(booking("RDV-1", "2026-12-10T14:30:00+01:00")
                .putValue(Appointment.REMINDER_BEFORE.name(), "tomorrow")))
                .hasMessageContaining("reminderBefore");
    }
}
