package io.relance.figures;

import java.util.Locale;

/**
 * Why a message was held back, in a few kinds a marketer can read, from the reason the messaging service and the
 * arbitration write in the communication log (see {@code MessagingService.check}, {@code pressure.Arbitration}).
 */
enum ReasonKind {
    /** No consent on the channel, or consent withdrawn. */
    CONSENT,
    /** No email address or phone number, or the contact was erased. */
    ADDRESS,
    /** A pressure cap was reached by messages already sent. */
    CAP,
    /** A higher-priority message took the place. */
    ARBITRATION,
    /** The scenario moved on (an order, an unsubscribe) before the decision or the send. */
    MOVED_ON,
    /** Held for quiet hours. */
    QUIET_HOURS,
    /** Anything else. */
    OTHER;

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReasonKind of(String reason) {
        if (reason == null || reason.isBlank()) {
            return OTHER;
        }
        String r = reason.strip().toLowerCase(Locale.ROOT);
        if (r.startsWith("arbitration:")) {
            return ARBITRATION;
        }
        if (r.startsWith("cap:")) {
            return CAP;
        }
        if (r.contains("consent")) {
            return CONSENT;
        }
        if (r.startsWith("no email address") || r.startsWith("no phone number") || r.contains("does not exist")) {
            return ADDRESS;
        }
        if (r.contains("moved on")) {
            return MOVED_ON;
        }
        if (r.contains("quiet hours")) {
            return QUIET_HOURS;
        }
        return OTHER;
    }
}
