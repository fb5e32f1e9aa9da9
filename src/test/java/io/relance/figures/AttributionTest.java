package io.relance.figures;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** One goal event, one scenario: the last clicked, else the last opened, else the last received, in its window. */
class AttributionTest {

    static final Instant ORDER = Instant.parse("2026-11-25T12:00:00Z");
    static final Map<String, Duration> WINDOWS = Map.of("cart", Duration.ofDays(5), "welcome", Duration.ofDays(5),
            "short", Duration.ofDays(1));

    static Attribution.Touch touch(String scenario, String sentAgo, String openedAgo, String clickedAgo) {
        return new Attribution.Touch(scenario, 1, ago(sentAgo), ago(openedAgo), ago(clickedAgo));
    }

    static Instant ago(String duration) {
        return duration == null ? null : ORDER.minus(Duration.parse(duration));
    }

    static Optional<String> winner(List<Attribution.Touch> touches) {
        return Attribution.attribute(touches, ORDER, t -> Optional.ofNullable(WINDOWS.get(t.scenario())))
                .map(Attribution.Touch::scenario);
    }

    @Test
    void aClickWinsOverALaterMessageMerelyReceivedOrOpened() {
        assertThat(winner(List.of(touch("cart", "P2D", "P2D", "P1D"), touch("welcome", "PT2H", "PT1H", null))))
                .contains("cart");
    }

    @Test
    void theLastClickWins() {
        assertThat(winner(List.of(touch("cart", "P3D", null, "PT5H"), touch("welcome", "P2D", null, "PT6H"))))
                .contains("cart");
    }

    @Test
    void withoutClicksTheLastOpenWinsThenTheLastReceived() {
        assertThat(winner(List.of(touch("cart", "P3D", "PT1H", null), touch("welcome", "P1D", "PT3H", null))))
                .contains("cart");
        assertThat(winner(List.of(touch("cart", "P3D", null, null), touch("welcome", "P1D", null, null))))
                .contains("welcome");
    }

    @Test
    void reactionsAfterTheEventAndMessagesOutsideTheWindowDoNotCount() {
        assertThat(winner(List.of(touch("cart", "P1D", null, "-PT1H"), touch("welcome", "P2D", null, null))))
                .as("a click after the order").contains("cart");
        assertThat(winner(List.of(touch("cart", "P6D", "P5D", "P5D")))).as("sent 6 days before").isEmpty();
        assertThat(winner(List.of(touch("short", "P2D", null, "P1D"), touch("cart", "P4D", null, null))))
                .as("each scenario's own window").contains("cart");
        assertThat(winner(List.of(touch("cart", "-PT1M", null, null)))).as("sent after the order").isEmpty();
        assertThat(winner(List.of(touch("other-goal", "PT1H", "PT1H", "PT1H")))).as("not its goal").isEmpty();
    }
}
