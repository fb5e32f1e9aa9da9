package io.relance.channel.sms;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Which gateway the application gets, and which settings stop it from starting. */
class SmsConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(SmsConfiguration.class);

    @Test
    void withoutAGatewayUrlSmsGoToTheInMemorySink() {
        runner.withPropertyValues("relance.sms.gateway-url=").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(SmsGateway.class).isInstanceOf(SmsSink.class);
            assertThat(context).doesNotHaveBean(VonageSmsGateway.class);
            assertThat(context).hasSingleBean(SmsText.class);
            assertThat(context).hasSingleBean(VonageDeliveryReceipts.class);
            assertThat(context.getBean(SmsText.class).stopMention()).isEqualTo("STOP au 36111");
            assertThat(context.getBean(SmsText.class).maxSegments()).isEqualTo(3);
        });
        runner.run(context -> assertThat(context).getBean(SmsGateway.class).isInstanceOf(SmsSink.class));
    }

    @Test
    void withAGatewayUrlSmsGoToVonage() {
        runner.withPropertyValues("relance.sms.gateway-url=https://rest.nexmo.com", "relance.sms.api-key=abcd1234",
                "relance.sms.api-secret=s3cr3t", "relance.sms.sender=Relance", "relance.sms.max-segments=2",
                "relance.sms.stop-mention=STOP au 36180", "relance.sms.http.read-timeout=3s",
                "relance.sms.http.max-attempts=5").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(SmsGateway.class).isInstanceOf(VonageSmsGateway.class);
            assertThat(context).doesNotHaveBean(SmsSink.class);
            assertThat(context.getBean(VonageSmsGateway.class).endpoint()).isEqualTo("https://rest.nexmo.com/sms/json");
            assertThat(context.getBean(SmsText.class).stopMention()).isEqualTo("STOP au 36180");
            SmsProperties properties = context.getBean(SmsProperties.class);
            assertThat(properties.http().readTimeout()).hasSeconds(3);
            assertThat(properties.http().maxAttempts()).isEqualTo(5);
            assertThat(properties.http().connectTimeout()).hasSeconds(5);
        });
    }

    @Test
    void aGatewayUrlWithoutCredentialsStopsTheStart() {
        runner.withPropertyValues("relance.sms.gateway-url=https://rest.nexmo.com", "relance.sms.api-key=abcd1234")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("relance.sms.api-secret relance.sms.sender");
                });
    }

    @Test
    void aSenderVonageCannotUseStopsTheStart() {
        runner.withPropertyValues("relance.sms.gateway-url=https://rest.nexmo.com", "relance.sms.api-key=k",
                "relance.sms.api-secret=s", "relance.sms.sender=Relance-Marketing").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("relance.sms.sender");
        });
    }

    @Test
    void aGatewayUrlThatIsNotAUrlStopsTheStart() {
        runner.withPropertyValues("relance.sms.gateway-url=rest.nexmo.com", "relance.sms.api-key=k",
                "relance.sms.api-secret=s", "relance.sms.sender=Relance").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("relance.sms.gateway-url");
        });
    }
}
