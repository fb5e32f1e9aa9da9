package io.relance.figures;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which scenario a conversion (a goal event of a contact) is attributed to — one at most.
 */
final class Attribution {

    /** The rule in words, shown with the figures. */
    static final String RULE = "A conversion is the scenario's goal event (process extension property 'goal',"
            + " default OrderPlaced) of a contact who received a commercial message of that scenario in the"
            + " scenario's attribution window (property 'attributionDays', default 5 days) before the event."
            + " Each goal event is attributed to one scenario only: the one whose message the contact clicked last"
            + " before the event, else opened last, else received last (within that scenario's window)."
            + " Revenue is the event's data 'amount', per data 'currency' (default EUR)."
            + " Conversion rate: conversions / contacts entered in the period.";

    private Attribution() {
    }

    /** A message the contact received: when, and when first opened and clicked (null: not before the event). */
    record Touch(String scenario, int version, Instant sentAt, Instant openedAt, Instant clickedAt) {
    }

    /**
     * The touch a goal event at {@code at} is attributed to: among the touches whose scenario has this goal
     * ({@code window} gives the scenario's window, empty when the event is not its goal) and that were received in
     * that window before the event, the last clicked, else the last opened, else the last received. Reactions after
     * the event do not count.
     */
    static Optional<Touch> attribute(Collection<Touch> touches, Instant at,
                                     Function<Touch, Optional<Duration>> window) {
        var eligible = touches.stream().filter(t -> !t.sentAt().isAfter(at))
                .filter(t -> window.apply(t).map(w -> !t.sentAt().isBefore(at.minus(w))).orElse(false))
                .toList();
        Optional<Touch> clicked = eligible.stream().filter(t -> before(t.clickedAt(), at))
                .max(Comparator.comparing(Touch::clickedAt).thenComparing(Touch::sentAt));
        if (clicked.isPresent()) {
            return clicked;
        }
        Optional<Touch> opened = eligible.stream().filter(t -> before(t.openedAt(), at))
                .max(Comparator.comparing(Touch::openedAt).thenComparing(Touch::sentAt));
        if (opened.isPresent()) {
            return opened;
        }
        return eligible.stream().max(Comparator.comparing(Touch::sentAt));
    }

    private static boolean before(Instant reaction, Instant at) {
        return reaction != null && !reaction.isAfter(at);
    }
}
