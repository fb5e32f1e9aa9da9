package io.relance.channel.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    private static final String SECRET = "whsec-0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-11-23T09:30:00Z");
    private static final String TIMESTAMP = Long.toString(NOW.getEpochSecond());
    private static final byte[] BODY = "{\"contactId\":\"marie-42\",\"type\":\"CartAbandoned\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void isTheHexHmacSha256OfTimestampDotBody() {
        // Reference value: printf '%s' '1795426200.{"contactId":"marie-42","type":"CartAbandoned"}' \
        //   | openssl dgst -sha256 -hmac 'whsec-0123456789abcdef'
        assertThat(WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY))
                .isEqualTo("v1=b197dd4b9c80c9bfb4b603f0ea2520c2a1efeecb1de220d70d6f16c3f14b3ef9");
    }

    @Test
    void aSignedCallVerifies() {
        String signature = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, signature, FIVE_MINUTES, NOW)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, signature, FIVE_MINUTES,
                NOW.plus(Duration.ofMinutes(4)))).isTrue();
    }

    @Test
    void aTamperedBodyTimestampOrSecretFails() {
        String signature = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY);
        byte[] tampered = "{\"contactId\":\"marie-43\",\"type\":\"CartAbandoned\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, tampered, signature, FIVE_MINUTES, NOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(NOW.getEpochSecond() + 1), BODY, signature,
                FIVE_MINUTES, NOW)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-0123", TIMESTAMP, BODY, signature, FIVE_MINUTES, NOW))
                .isFalse();
    }

    @Test
    void anOldOrFutureTimestampFails() {
        long old = NOW.minus(Duration.ofMinutes(6)).getEpochSecond();
        String signature = WebhookSignature.sign(SECRET, old, BODY);

        assertThat(WebhookSignature.verify(SECRET, Long.toString(old), BODY, signature, FIVE_MINUTES, NOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(old), BODY, signature, FIVE_MINUTES,
                NOW.minus(Duration.ofMinutes(12)))).isFalse();
    }

    @Test
    void oneMatchingSignatureAmongSeveralSuffices() {
        String signature = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY);
        String rotated = WebhookSignature.sign("old-secret-0123456789", NOW.getEpochSecond(), BODY);

        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, rotated + ", " + signature, FIVE_MINUTES, NOW))
                .isTrue();
    }

    @Test
    void malformedInputFailsWithoutException() {
        String signature = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(WebhookSignature.verify(SECRET, "yesterday", BODY, signature, FIVE_MINUTES, NOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, "v1=not-hex", FIVE_MINUTES, NOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, "v0=" + signature.substring(3), FIVE_MINUTES,
                NOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, null, FIVE_MINUTES, NOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, BODY, signature, FIVE_MINUTES, NOW)).isFalse();
        assertThat(WebhookSignature.verify("", TIMESTAMP, BODY, signature, FIVE_MINUTES, NOW)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, (String) null, signature, FIVE_MINUTES)).isFalse();
    }

    @Test
    void theStringFormChecksAgainstThePresentTime() {
        long now = Instant.now().getEpochSecond();
        String body = "{\"a\":\"é\"}";
        String signature = WebhookSignature.sign(SECRET, now, body.getBytes(StandardCharsets.UTF_8));

        assertThat(WebhookSignature.verify(SECRET, Long.toString(now), body, signature, FIVE_MINUTES)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(now), body + " ", signature, FIVE_MINUTES)).isFalse();
    }
}
