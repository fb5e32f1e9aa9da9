package io.relance.experiment;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * The statistics of an experiment's results, at 95 % confidence:
 * <ul>
 *     <li>an arm's conversion rate with its Wilson score interval;</li>
 *     <li>the lift of an arm against the reference arm: the difference of their rates (in points), its interval
 *     with the unpooled standard error, and the p-value of the two-sided two-proportion z-test (pooled standard
 *     error), as in OpenIntro Statistics (4th ed., section 6.2);</li>
 *     <li>the contacts per arm a test needs to see an observed difference with 80 % power at α = 0.05 (normal
 *     approximation, Fleiss).</li>
 * </ul>
 * Distributions from Apache Commons Math.
 */
public final class Proportions {

    public static final double CONFIDENCE = 0.95;
    public static final double ALPHA = 0.05;
    public static final double POWER = 0.80;
    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    private Proportions() {
    }

    /** A closed interval. */
    public record Interval(double low, double high) {
    }

    /** An arm against the reference: difference of rates, its interval, the z statistic and the p-value. */
    public record Comparison(double difference, Interval interval, double standardError, double pooled,
                             double pooledStandardError, double z, double pValue) {

        public boolean significant() {
            return pValue < ALPHA;
        }
    }

    /** The Wilson score interval of {@code successes} in {@code trials} (null without trials). */
    public static Interval rateInterval(long successes, long trials) {
        if (trials <= 0) {
            return null;
        }
        ConfidenceInterval interval = new WilsonScoreInterval().createInterval((int) trials, (int) successes,
                CONFIDENCE);
        return new Interval(interval.getLowerBound(), interval.getUpperBound());
    }

    /** Compares {@code x / n} with the reference {@code xRef / nRef}; null when either has no trials. */
    public static Comparison compare(long x, long n, long xRef, long nRef) {
        if (n <= 0 || nRef <= 0) {
            return null;
        }
        double p = (double) x / n;
        double pRef = (double) xRef / nRef;
        double difference = p - pRef;
        double se = Math.sqrt(p * (1 - p) / n + pRef * (1 - pRef) / nRef);
        double zStar = NORMAL.inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        double pooled = (double) (x + xRef) / (n + nRef);
        double pooledSe = Math.sqrt(pooled * (1 - pooled) * (1.0 / n + 1.0 / nRef));
        double z = pooledSe == 0 ? 0 : difference / pooledSe;
        double pValue = pooledSe == 0 ? 1 : 2 * NORMAL.cumulativeProbability(-Math.abs(z));
        return new Comparison(difference, new Interval(difference - zStar * se, difference + zStar * se), se, pooled,
                pooledSe, z, pValue);
    }

    /**
     * Contacts per arm needed to detect the difference between rates {@code p1} and {@code p2} with 80 % power in a
     * two-sided test at α = 0.05: n = (z<sub>α/2</sub>·√(2 p̄ q̄) + z<sub>β</sub>·√(p1 q1 + p2 q2))² / (p1 − p2)²
     * (Fleiss, Statistical Methods for Rates and Proportions). Empty when the rates are equal.
     */
    public static java.util.OptionalLong sampleSizePerArm(double p1, double p2) {
        if (p1 == p2) {
            return java.util.OptionalLong.empty();
        }
        double zAlpha = NORMAL.inverseCumulativeProbability(1 - ALPHA / 2);
        double zBeta = NORMAL.inverseCumulativeProbability(POWER);
        double mean = (p1 + p2) / 2;
        double root = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return java.util.OptionalLong.of((long) Math.ceil(root * root / ((p1 - p2) * (p1 - p2))));
    }

    /**
     * The verdict in plain French for arm {@code arm} against {@code reference}: « B convertit mieux que A : +2,1 pts
     * [0,4 ; 3,8], p = 0,01 » when significant, else « pas encore significatif : environ N contacts de plus par bras
     * pour voir cet écart ».
     */
    public static String verdict(String arm, String reference, long x, long n, long xRef, long nRef) {
        if (n == 0 || nRef == 0) {
            return "pas encore de contacts dans " + (n == 0 ? arm : reference);
        }
        Comparison c = compare(x, n, xRef, nRef);
        if (c.significant()) {
            return arm + " convertit " + (c.difference() > 0 ? "mieux" : "moins bien") + " que " + reference + " : "
                    + points(c.difference(), true) + " pts [" + points(c.interval().low(), false) + " ; "
                    + points(c.interval().high(), false) + "], " + pValue(c.pValue());
        }
        double p = (double) x / n;
        double pRef = (double) xRef / nRef;
        java.util.OptionalLong needed = sampleSizePerArm(p, pRef);
        if (needed.isEmpty()) {
            return "pas encore significatif : aucun écart observé entre " + arm + " et " + reference;
        }
        long more = needed.getAsLong() - Math.min(n, nRef);
        if (more <= 0) {
            return "pas significatif : " + points(c.difference(), true) + " pts [" + points(c.interval().low(), false)
                    + " ; " + points(c.interval().high(), false) + "], " + pValue(c.pValue());
        }
        return "pas encore significatif : environ " + grouped(more) + " contacts de plus par bras pour voir cet écart ("
                + points(c.difference(), true) + " pts, " + pValue(c.pValue()) + ")";
    }

    private static DecimalFormatSymbols french() {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.FRANCE);
        symbols.setGroupingSeparator('\u202f');
        symbols.setMinusSign('−');
        return symbols;
    }

    /** A difference of rates in percentage points, one decimal, French style ({@code +2,1}, {@code −0,4}). */
    static String points(double difference, boolean signed) {
        DecimalFormat format = new DecimalFormat(signed ? "+0.0;−0.0" : "0.0", french());
        return format.format(difference * 100);
    }

    static String pValue(double p) {
        if (p < 0.001) {
            return "p < 0,001";
        }
        return "p = " + new DecimalFormat(p < 0.01 ? "0.000" : "0.00", french()).format(p);
    }

    private static String grouped(long n) {
        return new DecimalFormat("#,##0", french()).format(n);
    }
}
