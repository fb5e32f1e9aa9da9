package io.relance.scenario;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Objects;

/**
 * The appointment scenario's view of the contact's events ({@code bpmn/appointment.bpmn}): it remembers the booked
 * appointment at the start ({@code ${appointmentBookings.remember(execution)}}), tells whether an
 * {@code AppointmentBooked} or {@code AppointmentCancelled} of the contact is about this appointment
 * ({@code ${appointmentBookings.same(execution)}}), and puts this appointment's data back when it is not
 * ({@code ${appointmentBookings.restore(execution)}}): the event wrote its own into every waiting instance.
 */
@Component("appointmentBookings")
public class AppointmentBookings {

    private record Kept(ProcessVariable<String> data, ProcessVariable<String> copy) {
    }

    private static final List<Kept> KEPT = List.of(
            new Kept(Appointment.APPOINTMENT_ID, Appointment.BOOKED_APPOINTMENT_ID),
            new Kept(Appointment.STARTS_AT, Appointment.BOOKED_STARTS_AT),
            new Kept(Appointment.PLACE, Appointment.BOOKED_PLACE),
            new Kept(Appointment.SERVICE_NAME, Appointment.BOOKED_SERVICE_NAME),
            new Kept(Appointment.MANAGE_URL, Appointment.BOOKED_MANAGE_URL),
            new Kept(Appointment.REMINDER_BEFORE, Appointment.BOOKED_REMINDER_BEFORE));

    /** At the start: the reminder delay's default, and a copy of the appointment's data. */
    public void remember(DelegateExecution execution) {
        Appointment.REMINDER_BEFORE.set(execution, Appointment.REMINDER_BEFORE.getOrDefault(execution,
                Appointment.DEFAULT_REMINDER_BEFORE));
        for (Kept kept : KEPT) {
            kept.copy().set(execution, text(execution, kept.data()));
        }
    }

    /** The event just received names this instance's appointment. */
    public boolean same(DelegateExecution execution) {
        return Objects.equals(text(execution, Appointment.APPOINTMENT_ID),
                Appointment.BOOKED_APPOINTMENT_ID.get(execution));
    }

    /** Another appointment's event: this appointment's data back in place. */
    public void restore(DelegateExecution execution) {
        for (Kept kept : KEPT) {
            kept.data().set(execution, kept.copy().get(execution));
        }
    }

    /** Event data as text (an integrator may send a number as the reference). */
    private static String text(DelegateExecution execution, ProcessVariable<String> variable) {
        Object value = variable.raw(execution);
        return value == null ? null : value.toString();
    }
}
