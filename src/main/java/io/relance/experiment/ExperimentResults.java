package io.relance.experiment;

import java.math.BigDecimal;
import java.util.List;

/**
 * An experiment's results ({@code GET /api/experiments/{id}}). A conversion is the experiment's {@code goal} event of
 * an assigned contact within {@code attributionWindowDays} after its assignment (holdout contacts included); rates are
 * conversions per assigned contact; {@code lift} is the difference of rates against the reference arm (0.021 = +2.1
 * points).
 */
public record ExperimentResults(String experiment, String scenario, boolean active, String referenceArm, String goal,
                                int attributionWindowDays, List<ArmResult> arms) {

    /** One arm: contacts, messages, conversions, and the statistics against the reference arm. */
    public record ArmResult(String arm, int weight, boolean reference, long contacts, long sent, long opened,
                            long clicked, long conversions, BigDecimal revenue, Double conversionRate,
                            Proportions.Interval conversionRateInterval, Double lift, Proportions.Interval liftInterval,
                            Double pValue, String verdict, Double messagesPerContact, long unsubscribes) {
    }
}
