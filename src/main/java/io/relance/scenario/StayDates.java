package io.relance.scenario;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Date;

/**
 * When the stay preparation email is due, for the expressions of {@code bpmn/stay-preparation.bpmn}
 * ({@code ${stayDates.preparationAt(departureDate, prepareDaysBefore, contactTimeZone)}}): {@code daysBefore} days
 * before the departure day, at 09:00 in the traveller's time zone (Paris when none is given).
 */
@Component("stayDates")
public class StayDates extends ScenarioDates {

    public StayDates(Clock clock) {
        super(clock);
    }

    /** {@code daysBefore} days before the departure day, at 09:00 in {@code timeZone} (an IANA id; null: Paris). */
    public Date preparationAt(Object departureDate, Object daysBefore, Object timeZone) {
        ZoneId zone = zone(StayPreparation.CONTACT_TIME_ZONE.name(), timeZone);
        return at(day(ScenarioVariables.DEPARTURE_DATE.name(), departureDate, zone).minusDays(days(daysBefore)),
                zone);
    }

    /** The preparation moment is reached or past: a late booking gets its email at once. */
    public boolean preparationDue(Object departureDate, Object daysBefore, Object timeZone) {
        return !preparationAt(departureDate, daysBefore, timeZone).toInstant().isAfter(now());
    }

    /** The departure day is over in the traveller's zone: preparing that stay makes no sense any more. */
    public boolean departed(Object departureDate, Object timeZone) {
        ZoneId zone = zone(StayPreparation.CONTACT_TIME_ZONE.name(), timeZone);
        return day(ScenarioVariables.DEPARTURE_DATE.name(), departureDate, zone).isBefore(today(zone));
    }

    private static long days(Object daysBefore) {
        if (daysBefore == null) {
            return StayPreparation.DEFAULT_DAYS_BEFORE;
        }
        long days;
        try {
            days = daysBefore instanceof Number number ? number.longValue() : Long.parseLong(daysBefore.toString()
                    .strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + StayPreparation.PREPARE_DAYS_BEFORE.name()
                    + "' must be a whole number of days, was '" + daysBefore + "'", e);
        }
        if (days < 0 || days > 365) {
            throw new IllegalArgumentException("'" + StayPreparation.PREPARE_DAYS_BEFORE.name()
                    + "' must be between 0 and 365 days, was " + days);
        }
        return days;
    }
}
