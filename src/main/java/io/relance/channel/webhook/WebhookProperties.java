package io.relance.channel.webhook;

import io.relance.channel.http.HttpClientSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * Webhook settings ({@code relance.webhook.*}).
 *
 * @param url    default target of webhook calls; empty: each call names its URL
 * @param secret shared secret of the HMAC signature; required when a URL is set, at least
 *               {@value #MIN_SECRET_LENGTH} characters; never logged
 * @param http   timeouts and retries
 */
@ConfigurationProperties("relance.webhook")
record WebhookProperties(String url, String secret, @DefaultValue HttpClientSettings http) {

    static final int MIN_SECRET_LENGTH = 16;

    WebhookProperties {
        boolean hasUrl = url != null && !url.isBlank();
        boolean hasSecret = secret != null && !secret.isEmpty();
        if (hasUrl) {
            String scheme;
            try {
                URI uri = URI.create(url.strip());
                scheme = uri.getHost() == null ? null : uri.getScheme();
            } catch (IllegalArgumentException e) {
                scheme = null;
            }
            if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("relance.webhook.url must be an http(s) URL");
            }
            if (!hasSecret) {
                throw new IllegalArgumentException("relance.webhook.url is set but relance.webhook.secret is empty:"
                        + " every webhook call is signed (HMAC-SHA256), so set a secret of at least "
                        + MIN_SECRET_LENGTH + " characters shared with the receiver (RELANCE_WEBHOOK_SECRET)");
            }
        }
        if (hasSecret && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("relance.webhook.secret is too short (" + secret.length()
                    + " characters): use at least " + MIN_SECRET_LENGTH + ", e.g. `openssl rand -hex 32`");
        }
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "WebhookProperties[url=" + url + ", secret=" + (secret == null || secret.isEmpty() ? "none" : "***")
                + ", http=" + http + "]";
    }
}
