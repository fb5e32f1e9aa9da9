package io.relance.pressure;

import io.relance.channel.MessageChannel;
import io.relance.contact.ContactView;
import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a commercial message is decided: not before the day's send slot (local time of the contact), never in the
 * quiet hours of its channel; and the arbitration window it competes in (the contact's calendar day).
 */
@Component
public class SendSlots {

    private final LocalTime sendSlot;
    private final ZoneId defaultZone;
    private final QuietHours quietHours;

    SendSlots(PressureProperties properties, QuietHours quietHours) {
        this.sendSlot = properties.sendSlot();
        this.defaultZone = properties.defaultTimeZone();
        this.quietHours = quietHours;
    }

    /**
     * The first moment from {@code at} outside quiet hours and, for a message that waits for it, past the day's
     * send slot.
     */
    public Instant decideAt(MessageChannel channel, Instant at, ZoneId zone, boolean waitsForSlot) {
        Instant t = at;
        for (int i = 0; i < 16; i++) {
            Instant next = t;
            if (sendSlot != null && waitsForSlot) {
                ZonedDateTime local = t.atZone(zone);
                ZonedDateTime slot = local.toLocalDate().atTime(sendSlot).atZone(zone);
                if (local.isBefore(slot)) {
                    next = slot.toInstant();
                }
            }
            next = quietHours.nextAllowed(channel.key(), next, zone);
            if (next.equals(t)) {
                return t;
            }
            t = next;
        }
        return t;
    }

    /** The end of the contact's calendar day holding {@code at}: messages deciding before it compete together. */
    public Instant windowEnd(Instant at, ZoneId zone) {
        return at.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    public ZoneId zone(ContactView contact) {
        return zone(contact == null ? null : contact.timeZone());
    }

    /** A contact's zone from its stored time zone (the default zone when missing). */
    public ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return defaultZone;
        }
    }

    public String describeQuietHours(MessageChannel channel) {
        return quietHours.describe(channel.key());
    }
}
