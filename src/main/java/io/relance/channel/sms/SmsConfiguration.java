package io.relance.channel.sms;

import io.relance.channel.http.ResilientHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The SMS beans: {@link SmsText}, {@link VonageDeliveryReceipts}, and one {@link SmsGateway} — Vonage when
 * {@code relance.sms.gateway-url} is set, otherwise the in-memory {@link SmsSink} (development only).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmsProperties.class)
class SmsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SmsConfiguration.class);
    private static final String GATEWAY_URL = "relance.sms.gateway-url";

    @Bean
    SmsText smsText(SmsProperties properties) {
        return new SmsText(properties.stopMention(), properties.maxSegments());
    }

    @Bean
    VonageDeliveryReceipts vonageDeliveryReceipts() {
        return new VonageDeliveryReceipts();
    }

    @Bean
    @Conditional(GatewayConfigured.class)
    VonageSmsGateway vonageSmsGateway(SmsProperties properties) {
        VonageSmsGateway gateway = new VonageSmsGateway(properties, new ResilientHttp("sms", properties.http(),
                ResilientHttp.Repeats.NOT_RECOGNISED));
        log.info("SMS are sent through Vonage: {}", gateway);
        return gateway;
    }

    @Bean
    @Conditional(NoGatewayConfigured.class)
    SmsSink smsSink() {
        log.warn("No {}: SMS are NOT sent, only kept in memory (SmsSink, development only)", GATEWAY_URL);
        return new SmsSink();
    }

    static final class GatewayConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return SmsProperties.gatewayConfigured(
                    Binder.get(context.getEnvironment()).bind(GATEWAY_URL, String.class).orElse(null));
        }
    }

    static final class NoGatewayConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !new GatewayConfigured().matches(context, metadata);
        }
    }
}
