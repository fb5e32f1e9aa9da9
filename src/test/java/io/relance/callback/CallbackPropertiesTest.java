package io.relance.callback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The call-back settings as Spring binds them: defaults, limits per priority, and what stops start-up. */
class CallbackPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CallbackProperties.class)
    static class Binding {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Binding.class);

    @Test
    void defaults() {
        context.run(started -> {
            CallbackProperties properties = started.getBean(CallbackProperties.class);
            assertThat(properties.dailyCapacity()).isEqualTo(20);
            assertThat(properties.highPriorityFrom()).isEqualTo(90);
            assertThat(properties.reservedForHighPriority()).isEqualTo(5);
            assertThat(properties.timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
            assertThat(properties.limitFor(95)).isEqualTo(20);
            assertThat(properties.limitFor(90)).isEqualTo(20);
            assertThat(properties.limitFor(89)).isEqualTo(15);
        });
    }

    @ParameterizedTest(name = "capacity {0}, reserved {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "0 | 0 | relance.callback.daily-capacity must be at least 1 (call-back tasks per day for group sales),"
                    + " was 0",
            "5 | 5 | relance.callback.reserved-for-high-priority must be at least 0 and less than"
                    + " relance.callback.daily-capacity (5), so that other requests keep at least one slot a day;"
                    + " was 5",
            "5 | -1 | relance.callback.reserved-for-high-priority must be at least 0 and less than"
                    + " relance.callback.daily-capacity (5)",
    })
    void aCapacityThatCannotWorkStopsStartUpSayingWhy(int capacity, int reserved, String message) {
        context.withPropertyValues("relance.callback.daily-capacity=" + capacity,
                "relance.callback.reserved-for-high-priority=" + reserved).run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining(message);
        });
    }

    @Test
    void oneReservedSlotLessThanTheCapacityIsFine() {
        context.withPropertyValues("relance.callback.daily-capacity=1", "relance.callback.reserved-for-high-priority=0",
                "relance.callback.high-priority-from=50").run(started -> {
            CallbackProperties properties = started.getBean(CallbackProperties.class);
            assertThat(properties.limitFor(10)).isEqualTo(1);
            assertThat(properties.limitFor(50)).isEqualTo(1);
        });
    }
}
