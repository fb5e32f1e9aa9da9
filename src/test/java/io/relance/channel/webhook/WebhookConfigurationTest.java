package io.relance.channel.webhook;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** Which webhook settings the application starts with, and which it refuses. */
class WebhookConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
            .withBean(Clock.class, Clock::systemUTC)
            .withUserConfiguration(WebhookConfiguration.class);

    @Test
    void startsWithoutAnyWebhookSettings() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(WebhookClient.class);
            assertThat(context.getBean(WebhookProperties.class).http().maxAttempts()).isEqualTo(3);
        });
    }

    @Test
    void startsWithAUrlAndASecret() {
        runner.withPropertyValues("relance.webhook.url=https://crm.example.com/hooks/relance",
                "relance.webhook.secret=whsec-0123456789abcdef", "relance.webhook.http.max-attempts=4").run(context -> {
            assertThat(context).hasNotFailed();
            WebhookProperties properties = context.getBean(WebhookProperties.class);
            assertThat(properties.http().maxAttempts()).isEqualTo(4);
            assertThat(properties.toString()).doesNotContain("whsec").contains("secret=***");
        });
    }

    @Test
    void refusesToStartWithAUrlButNoSecret() {
        runner.withPropertyValues("relance.webhook.url=https://crm.example.com/hooks/relance").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("relance.webhook.url is set but relance.webhook.secret is empty");
        });
    }

    @Test
    void refusesAShortSecret() {
        runner.withPropertyValues("relance.webhook.secret=password").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("relance.webhook.secret is too short")
                    .hasMessageNotContaining("password");
        });
    }

    @Test
    void refusesAUrlThatIsNotHttp() {
        runner.withPropertyValues("relance.webhook.url=crm.example.com/hooks",
                "relance.webhook.secret=whsec-0123456789abcdef").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("http(s) URL");
        });
    }
}
