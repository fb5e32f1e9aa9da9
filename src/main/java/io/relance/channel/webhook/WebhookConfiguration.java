package io.relance.channel.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.channel.http.ResilientHttp;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

    @Bean
    WebhookClient webhookClient(WebhookProperties properties, ObjectMapper objectMapper, Clock clock) {
        return new WebhookClient(properties, new ResilientHttp("webhook", properties.http(),
                ResilientHttp.Repeats.RECOGNISED), objectMapper, clock);
    }
}
