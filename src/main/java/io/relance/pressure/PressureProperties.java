package io.relance.pressure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * Commercial pressure settings (caps and priorities live in dmn/pressure-caps.dmn and dmn/message-priority.dmn).
 *
 * @param sendSlot        local time of the day's arbitration: commercial messages due earlier in the contact's day
 *                        wait for it and compete; later ones are decided when due. Empty: decided when due.
 * @param defaultTimeZone the zone of contacts without a time zone
 * @param quietHours      per channel (email, sms): no commercial message in these hours; held, never dropped
 * @param dispatcher      the background work that registers, decides and delivers arbitrated messages
 * @param keepDecided     how long decided messages stay in {@code pending_message} (the communication log keeps
 *                        every send and suppression)
 */
@ConfigurationProperties("relance.pressure")
public record PressureProperties(LocalTime sendSlot,
                                 @DefaultValue("Europe/Paris") ZoneId defaultTimeZone,
                                 Map<String, Quiet> quietHours,
                                 @DefaultValue Dispatcher dispatcher,
                                 @DefaultValue("P30D") Duration keepDecided) {

    /**
     * @param from     start of the nightly quiet span (local time), e.g. 20:00
     * @param to       its end, e.g. 08:00 (may be on the next day)
     * @param sundays  no message on Sundays
     * @param holidays no message on the public holidays of this country (ISO code, e.g. FR); empty: none
     */
    public record Quiet(LocalTime from, LocalTime to, boolean sundays, String holidays) {
    }

    /**
     * The recovery after a node crash is bounded by {@code lock} (send tasks) and {@code deliveryLease} (broadcast
     * messages): what a dead node held is taken by another node once they ran out.
     *
     * @param enabled       runs in the background; default: when the engine's job executor runs
     * @param interval      pause between two rounds when there was nothing to do
     * @param batch         contacts decided in one transaction (their rows locked meanwhile); more decide a large
     *                      broadcast faster (README "Broadcast benchmark")
     * @param threads       threads sending granted messages (of broadcasts and scenarios), per node
     * @param lock          how long a fetched send task stays locked before another node may take it again; extended
     *                      while this node works on it (and until its decision time while it waits for it)
     * @param fetch         send tasks fetched per round: few enough for the node to finish them well within
     *                      {@code lock}; those not started within half of it are handed back (any node takes them)
     * @param deliveryLease how long a granted message claimed for delivery stays with its thread before another
     *                      thread or node may claim it again; longer than the provider's longest send
     * @param claim         granted messages a delivery thread claims at once (those it has not started within half
     *                      of {@code deliveryLease} are handed back)
     * @param retry         a send that could not be done now (provider unavailable) is tried again after this
     *                      (commercial send tasks, then an incident after their last attempt; broadcast messages)
     * @param gather        pause after a round that found less than a full batch ({@code fetch} send tasks,
     *                      {@code claim} messages), so that the next takes more at once; zero: the next at once
     */
    public record Dispatcher(Boolean enabled, @DefaultValue("PT1S") Duration interval,
                             @DefaultValue("200") int batch, @DefaultValue("2") int threads,
                             @DefaultValue("PT30S") Duration lock, @DefaultValue("50") int fetch,
                             @DefaultValue("PT30S") Duration deliveryLease, @DefaultValue("20") int claim,
                             @DefaultValue("PT1M") Duration retry, @DefaultValue("PT0.25S") Duration gather) {

        public Dispatcher {
            positive("lock", lock);
            positive("delivery-lease", deliveryLease);
            positive("retry", retry);
            zeroOrPositive("gather", gather);
            atLeastOne("fetch", fetch);
            atLeastOne("claim", claim);
        }

        private static void atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("relance.pressure.dispatcher." + name + " must be at least 1, was "
                        + value);
            }
        }

        private static void zeroOrPositive(String name, Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("relance.pressure.dispatcher." + name
                        + " must be zero or a positive duration (e.g. PT0.25S), was " + value);
            }
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.toMillis() == 0) {
                throw new IllegalArgumentException("relance.pressure.dispatcher." + name
                        + " must be a positive duration (e.g. PT30S), was " + value);
            }
        }
    }
}
