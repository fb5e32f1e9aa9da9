package io.relance.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One experiment as {@code dmn/experiments.dmn} describes it: its arms in the table's order with their weights, the
 * reference arm the others are compared with, the scenario it belongs to (null: a contact-level experiment, every
 * commercial message of the contact counts), the goal event and the attribution window.
 * <p>
 * An experiment is <em>running</em> while one of its rows is active; arms with {@code active = false} or weight 0
 * take no new contacts. An experiment with no active row has <em>ended</em>: every contact gets the reference arm
 * and nothing more is recorded.
 */
public record Experiment(String id, String scenario, String goal, int windowDays, List<Arm> arms,
                         String referenceArm) {

    public static final String DEFAULT_GOAL = io.relance.scenario.EventType.ORDER_PLACED;
    public static final int DEFAULT_WINDOW_DAYS = 5;

    /** One arm (a row of the table). */
    public record Arm(String name, int weight, boolean active) {
    }

    public boolean running() {
        return arms.stream().anyMatch(arm -> arm.active() && arm.weight() > 0);
    }

    /** Whether every commercial message of an assigned contact counts (no scenario named). */
    public boolean contactLevel() {
        return scenario == null;
    }

    public boolean hasArm(String name) {
        return arms.stream().anyMatch(arm -> arm.name().equals(name));
    }

    /**
     * The arm of a contact that has none yet: a pure function of (experiment, contact) onto the weights of the
     * active arms — SHA-256 of {@code <experiment>\0<contact>}, its first 8 bytes as an unsigned number modulo the
     * total weight, the arms taking consecutive ranges in the table's order. The reference arm when none is active.
     */
    public String pick(String contactId) {
        List<Arm> open = arms.stream().filter(arm -> arm.active() && arm.weight() > 0).toList();
        long total = open.stream().mapToLong(Arm::weight).sum();
        if (total == 0) {
            return referenceArm;
        }
        long bucket = Long.remainderUnsigned(hash(id + '\0' + contactId), total);
        long upTo = 0;
        for (Arm arm : open) {
            upTo += arm.weight();
            if (bucket < upTo) {
                return arm.name();
            }
        }
        throw new IllegalStateException("unreachable: bucket " + bucket + " of " + total);
    }

    private static long hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The experiment from the rows the decision returned for it ({@code arm}, {@code weight}, {@code reference},
     * {@code active}, {@code scenario}, {@code goal}, {@code windowDays}); scenario, goal and window from the first
     * row that gives them.
     */
    public static Experiment fromRows(String id, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("dmn/experiments.dmn has no row for experiment '" + id + "'");
        }
        List<Arm> arms = new ArrayList<>();
        String reference = null;
        String scenario = null;
        String goal = null;
        Integer window = null;
        for (Map<String, Object> row : rows) {
            Object arm = row.get("arm");
            if (!(arm instanceof String name) || name.isBlank()) {
                throw new IllegalArgumentException("dmn/experiments.dmn: a row of experiment '" + id + "' has no arm");
            }
            int weight = row.get("weight") instanceof Number number ? number.intValue() : 0;
            if (weight < 0) {
                throw new IllegalArgumentException("dmn/experiments.dmn: arm '" + name + "' of experiment '" + id
                        + "' has a negative weight");
            }
            arms.add(new Arm(name, weight, Boolean.TRUE.equals(row.get("active"))));
            if (reference == null && Boolean.TRUE.equals(row.get("reference"))) {
                reference = name;
            }
            scenario = scenario != null ? scenario : text(row.get("scenario"));
            goal = goal != null ? goal : text(row.get("goal"));
            if (window == null && row.get("windowDays") instanceof Number days) {
                window = days.intValue();
            }
        }
        return new Experiment(id, scenario, goal == null ? DEFAULT_GOAL : goal,
                window == null ? DEFAULT_WINDOW_DAYS : window, List.copyOf(arms),
                reference == null ? arms.get(0).name() : reference);
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isBlank() ? text : null;
    }
}
