package io.relance.pressure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The quiet hours of commercial messages per channel ("email", "sms", ...), in the contact's time zone. A channel
 * without a rule is never quiet.
 */
public final class QuietHours {

    /** How far {@link #nextAllowed} looks ahead before giving up. */
    static final int MAX_DAYS_AHEAD = 400;

    private final Map<String, QuietRule> rulesByChannel;

    public QuietHours(Map<String, QuietRule> rulesByChannel) {
        Objects.requireNonNull(rulesByChannel, "rulesByChannel");
        Map<String, QuietRule> rules = new LinkedHashMap<>();
        rulesByChannel.forEach((channel, rule) -> rules.put(Objects.requireNonNull(channel, "channel"),
                Objects.requireNonNull(rule, () -> "rule of channel " + channel)));
        this.rulesByChannel = Map.copyOf(rules);
    }

    /**
     * SMS: none 20:00–08:00, on Sundays and on French public holidays (the French rule for commercial SMS); email:
     * none 22:00–07:00.
     */
    public static QuietHours shippedDefaults() {
        return new QuietHours(Map.of(
                "sms", new QuietRule(LocalTime.of(20, 0), LocalTime.of(8, 0), true, "FR"),
                "email", new QuietRule(LocalTime.of(22, 0), LocalTime.of(7, 0), false, null)));
    }

    /** The rule of the channel; {@link QuietRule#NONE} when it has none. */
    public QuietRule rule(String channel) {
        return rulesByChannel.getOrDefault(Objects.requireNonNull(channel, "channel"), QuietRule.NONE);
    }

    /** Whether a message may go out on the channel at this instant, seen in the zone. */
    public boolean allowed(String channel, Instant at, ZoneId zone) {
        return !rule(channel).quietAt(LocalDateTime.ofInstant(Objects.requireNonNull(at, "at"),
                Objects.requireNonNull(zone, "zone")));
    }

    /**
     * {@code at} when a message may go out then, else the first instant after it when one may. Quiet ends only where
     * the local clock reaches midnight or the end of the nightly span, or jumps (a DST transition), so those are the
     * only candidates, tried day by day in instant order, at most {@value #MAX_DAYS_AHEAD} days ahead.
     *
     * @throws IllegalStateException when the rule leaves no allowed moment within that horizon
     */
    public Instant nextAllowed(String channel, Instant at, ZoneId zone) {
        QuietRule rule = rule(channel);
        if (allowed(channel, at, zone)) {
            return at;
        }
        ZoneRules zoneRules = zone.getRules();
        LocalDate firstDay = LocalDateTime.ofInstant(at, zone).toLocalDate().minusDays(1);
        for (int day = 0; day <= MAX_DAYS_AHEAD; day++) {
            LocalDate date = firstDay.plusDays(day);
            Instant dayStart = date.atStartOfDay(zone).toInstant();
            Instant nextDayStart = date.plusDays(1).atStartOfDay(zone).toInstant();
            TreeSet<Instant> candidates = new TreeSet<>();
            for (LocalDate near : List.of(date.minusDays(1), date, date.plusDays(1))) {
                candidates.addAll(instantsOf(near.atStartOfDay(), zoneRules));
                if (rule.hasNightlySpan()) {
                    candidates.addAll(instantsOf(near.atTime(rule.to()), zoneRules));
                }
            }
            for (ZoneOffsetTransition t = zoneRules.nextTransition(dayStart.minusNanos(1));
                    t != null && t.getInstant().isBefore(nextDayStart); t = zoneRules.nextTransition(t.getInstant())) {
                candidates.add(t.getInstant());
            }
            for (Instant candidate : candidates.subSet(dayStart, true, nextDayStart, false)) {
                if (candidate.isAfter(at) && allowed(channel, candidate, zone)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("No allowed moment for channel '" + channel + "' within " + MAX_DAYS_AHEAD
                + " days after " + at + " in " + zone + " (" + describe(channel) + ")");
    }

    /** Human text for logs and the timeline, e.g. "sms: none 20:00–08:00, none on Sundays, ...". */
    public String describe(String channel) {
        return channel + ": " + rule(channel).describe();
    }

    /**
     * The first instants at which the local clock shows {@code local} or later: one per offset it is valid in (two in
     * an autumn overlap), or the end of the gap when the clock skips it in spring.
     */
    private static List<Instant> instantsOf(LocalDateTime local, ZoneRules zoneRules) {
        List<ZoneOffset> offsets = zoneRules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return List.of(zoneRules.getTransition(local).getInstant());
        }
        return offsets.stream().map(local::toInstant).toList();
    }
}
