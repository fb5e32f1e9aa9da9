package io.relance.scenario;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;

/**
 * The moments of the appointment scenario ({@code bpmn/appointment.bpmn}): the reminder goes out
 * {@code reminderBefore} (PT24H) before the appointment, but never at night in the contact's time zone — a moment
 * between 20:00 and 08:00 there is moved earlier, to 20:00 the evening before (a reminder is better early than in
 * the small hours, and never later than promised). When that moment is already past (an appointment booked less
 * than a day ahead), there is no reminder: the confirmation just sent says the same.
 */
@Component("appointmentDates")
public class AppointmentDates extends ScenarioDates {

    /** No reminder before this time of day, nor after {@link #EVENING}, in the contact's zone. */
    public static final LocalTime MORNING = LocalTime.of(8, 0);
    public static final LocalTime EVENING = LocalTime.of(20, 0);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    public AppointmentDates(Clock clock) {
        super(clock);
    }

    /** The appointment has begun (or is over): nothing to confirm or remind. */
    public boolean started(Object startsAt) {
        return !startsAt(startsAt).isAfter(now());
    }

    /** When the reminder is due: {@code before} ahead of the appointment, moved out of the night in {@code zone}. */
    public Date reminderAt(Object startsAt, Object before, Object zone) {
        ZoneId contactZone = zone(Appointment.CONTACT_TIME_ZONE.name(), zone);
        ZonedDateTime due = startsAt(startsAt).minus(before(before)).atZone(contactZone);
        LocalTime time = due.toLocalTime();
        if (time.isBefore(MORNING)) {
            due = due.minusDays(1).with(EVENING);
        } else if (time.isAfter(EVENING)) {
            due = due.with(EVENING);
        }
        return Date.from(due.toInstant());
    }

    /** The reminder's moment is still ahead (else the appointment is too close: no reminder). */
    public boolean reminderAhead(Object startsAt, Object before, Object zone) {
        return reminderAt(startsAt, before, zone).toInstant().isAfter(now());
    }

    /** The appointment's day in the contact's zone, {@code 2026-12-10}, for the texts. */
    public String day(Object startsAt, Object zone) {
        return startsAt(startsAt).atZone(zone(Appointment.CONTACT_TIME_ZONE.name(), zone)).toLocalDate().toString();
    }

    /** The appointment's time of day in the contact's zone, {@code 14:30}, for the texts. */
    public String time(Object startsAt, Object zone) {
        return TIME.format(startsAt(startsAt).atZone(zone(Appointment.CONTACT_TIME_ZONE.name(), zone)));
    }

    private static Instant startsAt(Object startsAt) {
        return instant(Appointment.STARTS_AT.name(), startsAt);
    }

    private static Duration before(Object before) {
        Duration duration = delay(Appointment.REMINDER_BEFORE.name(), before == null
                ? Appointment.DEFAULT_REMINDER_BEFORE : before);
        if (duration.isNegative() || duration.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("'" + Appointment.REMINDER_BEFORE.name()
                    + "' must be between PT0H and P30D, was '" + before + "'");
        }
        return duration;
    }
}
