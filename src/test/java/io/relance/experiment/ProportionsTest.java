package io.relance.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The statistics checked against published worked examples: OpenIntro Statistics, 4th edition (Diez, Çetinkaya-Rundel,
 * Barr, 2019), section 6.2 "Difference of two proportions", https://www.openintro.org/book/os/ — source
 * https://github.com/OpenIntroStat/openintro-statistics, ch_inference_for_props/TeX/ch_inference_for_props.tex.
 */
class ProportionsTest {

    @Test
    void twoProportionZTestOfTheMammogramStudy() {
        // OpenIntro 6.2.3: 500 of 44,925 deaths with mammograms, 505 of 44,910 in the control group. The book finds
        // p̂_pooled = 0.0112, point estimate −0.00012, SE = 0.00070, Z = −0.17 and a p-value of 0.8650 (it reads the
        // tail of Z rounded to −0.17; the unrounded Z = −0.164 gives 0.870).
        Proportions.Comparison c = Proportions.compare(500, 44_925, 505, 44_910);

        assertThat(c.pooled()).isCloseTo(0.0112, within(0.00005));
        assertThat(c.difference()).isCloseTo(-0.00012, within(0.000005));
        assertThat(c.pooledStandardError()).isCloseTo(0.00070, within(0.000005));
        assertThat(c.z()).isCloseTo(-0.17, within(0.01));
        assertThat(c.pValue()).isCloseTo(0.865, within(0.006));
        assertThat(c.significant()).isFalse();
    }

    @Test
    void confidenceIntervalOfTheFishOilStudy() {
        // OpenIntro 6.2 guided practice: heart attacks 145 of 12,933 with fish oil, 200 of 12,938 with placebo;
        // point estimate −0.0043, SE = 0.00145, 95 % interval (−0.0071, −0.0015). The book subtracts the proportions
        // rounded to 0.0112 and 0.0155; unrounded, the estimate is −0.00425. The formula the book shows gives an SE of
        // 0.00143 (also with its rounded proportions), printed as 0.00145; the interval here is (−0.0070, −0.0014).
        Proportions.Comparison c = Proportions.compare(145, 12_933, 200, 12_938);

        assertThat(c.difference()).isCloseTo(-0.0043, within(0.0001));
        assertThat(c.standardError()).isCloseTo(0.00145, within(0.00003));
        assertThat(c.interval().low()).isCloseTo(-0.0071, within(0.0001));
        assertThat(c.interval().high()).isCloseTo(-0.0015, within(0.0001));
        assertThat(c.significant()).isTrue();
    }

    @Test
    void verdictsInPlainFrench() {
        assertThat(Proportions.verdict("3-hours", "45-minutes", 200, 12_938, 145, 12_933))
                .isEqualTo("3-hours convertit mieux que 45-minutes : +0,4 pts [0,1 ; 0,7], p = 0,003");
        assertThat(Proportions.verdict("fish-oil", "placebo", 145, 12_933, 200, 12_938))
                .isEqualTo("fish-oil convertit moins bien que placebo : −0,4 pts [−0,7 ; −0,1], p = 0,003");
        // 12 % against 10 % needs 3,841 contacts per arm (as sampleSizePerArm computes): 3,741 more than 100.
        assertThat(Proportions.verdict("B", "A", 12, 100, 10, 100))
                .isEqualTo("pas encore significatif : environ 3\u202f741 contacts de plus par bras pour voir cet écart"
                        + " (+2,0 pts, p = 0,65)");
        assertThat(Proportions.verdict("B", "A", 10, 100, 10, 100))
                .isEqualTo("pas encore significatif : aucun écart observé entre B et A");
        assertThat(Proportions.verdict("B", "A", 0, 0, 10, 100)).isEqualTo("pas encore de contacts dans B");
    }

    @Test
    void sampleSizeForEightyPercentPower() {
        // 10 % against 15 %: the usual figure for a two-sided test at 5 % with 80 % power is 686 per group
        // (normal approximation without continuity correction).
        assertThat(Proportions.sampleSizePerArm(0.10, 0.15)).hasValue(686);
        assertThat(Proportions.sampleSizePerArm(0.10, 0.10)).isEmpty();
    }

    @Test
    void conversionRateIntervalIsWilsonScore() {
        // Wilson score interval of 0 successes out of 10: [0, 0.2775] (z = 1.96).
        Proportions.Interval interval = Proportions.rateInterval(0, 10);
        assertThat(interval.low()).isCloseTo(0, within(1e-9));
        assertThat(interval.high()).isCloseTo(0.2775, within(0.0001));
        assertThat(Proportions.rateInterval(0, 0)).isNull();
    }

    @Test
    void assignmentIsAPureFunctionOfExperimentAndContactOntoTheWeights() {
        Experiment experiment = Experiment.fromRows("cart-first-reminder", List.of(
                Map.of("arm", "45-minutes", "weight", 45, "reference", true, "active", true),
                Map.of("arm", "3-hours", "weight", 45, "reference", false, "active", true),
                Map.of("arm", "holdout", "weight", 10, "reference", false, "active", true)));
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String arm = experiment.pick("contact-" + i);
            assertThat(experiment.pick("contact-" + i)).isEqualTo(arm);
            counts.merge(arm, 1, Integer::sum);
        }
        assertThat(counts.get("45-minutes")).isBetween(8_700, 9_300);
        assertThat(counts.get("3-hours")).isBetween(8_700, 9_300);
        assertThat(counts.get("holdout")).isBetween(1_800, 2_200);
        assertThat(experiment.referenceArm()).isEqualTo("45-minutes");
        assertThat(experiment.goal()).isEqualTo("OrderPlaced");

        Experiment ended = Experiment.fromRows("x", List.of(
                Map.of("arm", "a", "weight", 50, "active", false), Map.of("arm", "b", "weight", 50, "active", false)));
        assertThat(ended.running()).isFalse();
        assertThat(ended.pick("anyone")).isEqualTo("a");
    }
}
