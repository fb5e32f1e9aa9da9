package io.relance.channel.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.relance.channel.ProviderRejectedException;
import io.relance.channel.ProviderUnavailableException;
import io.relance.channel.http.HttpClientSettings;
import io.relance.channel.http.ResilientHttp;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signed webhook calls against a real HTTP server playing the receiver. */
class WebhookClientTest {

    private static final String SECRET = "whsec-0123456789abcdef";
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final MockWebServer server = new MockWebServer();
    /** Dates as ISO strings, like the application's (Spring Boot's defaults). */
    private final ObjectMapper objectMapper = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:30:00Z"));
    private WebhookClient client;

    @BeforeEach
    void start() throws IOException {
        server.start();
        client = client(server.url("/hooks/relance").toString(), SECRET);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.shutdown();
    }

    private WebhookClient client(String url, String secret) {
        HttpClientSettings fast = new HttpClientSettings(Duration.ofMillis(500), Duration.ofMillis(300),
                Duration.ofMillis(500), 3, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));
        return new WebhookClient(new WebhookProperties(url, secret, fast),
                new ResilientHttp("webhook", fast, ResilientHttp.Repeats.RECOGNISED),
                objectMapper, clock);
    }

    private static Map<String, Object> payload() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contactId", "marie-42");
        body.put("type", "WhitePaperDownloaded");
        body.put("birthDate", LocalDate.of(1990, 11, 23));
        return body;
    }

    private static boolean verifies(RecordedRequest request, byte[] body, Instant now) {
        return WebhookSignature.verify(SECRET, request.getHeader("X-Relance-Timestamp"), body,
                request.getHeader("X-Relance-Signature"), TOLERANCE, now);
    }

    @Test
    void postsSignedJsonToTheDefaultUrl() throws InterruptedException {
        server.enqueue(new MockResponse().setResponseCode(204));

        WebhookDelivery delivery = client.post("send-9", payload());

        assertThat(delivery).isEqualTo(new WebhookDelivery(204, 1));
        RecordedRequest request = server.takeRequest();
        byte[] body = request.getBody().readByteArray();
        assertThat(request.getPath()).isEqualTo("/hooks/relance");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("send-9");
        assertThat(new String(body)).isEqualTo(
                "{\"contactId\":\"marie-42\",\"type\":\"WhitePaperDownloaded\",\"birthDate\":\"1990-11-23\"}");
        assertThat(request.getHeader("X-Relance-Timestamp")).isEqualTo("1795426200");
        assertThat(request.getHeader("X-Relance-Signature")).matches("v1=[0-9a-f]{64}");
        assertThat(verifies(request, body, clock.instant())).isTrue();
    }

    @Test
    void aTamperedBodyDoesNotVerify() throws InterruptedException {
        server.enqueue(new MockResponse());

        client.post(server.url("/other").toString(), "send-9", Map.of("amount", 129.9));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getPath()).isEqualTo("/other");
        assertThat(verifies(request, "{\"amount\":129.9}".getBytes(), clock.instant())).isTrue();
        assertThat(verifies(request, "{\"amount\":1299}".getBytes(), clock.instant())).isFalse();
    }

    @Test
    void aServerErrorIsRetriedWithTheSameKeyAndAFreshSignature() throws InterruptedException {
        server.enqueue(new MockResponse().setResponseCode(500));
        server.enqueue(new MockResponse().setResponseCode(200));
        clock.advanceOnEachRead(Duration.ofSeconds(7));

        WebhookDelivery delivery = client.post("send-10", payload());

        assertThat(delivery).isEqualTo(new WebhookDelivery(200, 2));
        assertThat(server.getRequestCount()).isEqualTo(2);
        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();
        byte[] firstBody = first.getBody().readByteArray();
        byte[] secondBody = second.getBody().readByteArray();
        assertThat(secondBody).isEqualTo(firstBody);
        assertThat(first.getHeader("Idempotency-Key")).isEqualTo("send-10");
        assertThat(second.getHeader("Idempotency-Key")).isEqualTo("send-10");
        assertThat(Long.parseLong(second.getHeader("X-Relance-Timestamp")))
                .isEqualTo(Long.parseLong(first.getHeader("X-Relance-Timestamp")) + 7);
        assertThat(verifies(first, firstBody, clock.instant())).isTrue();
        assertThat(verifies(second, secondBody, clock.instant())).isTrue();
    }

    @Test
    void aClientErrorIsRejectedWithoutRetry() {
        server.enqueue(new MockResponse().setResponseCode(422).setBody("{\"error\":\"unknown contact\"}"));

        assertThatThrownBy(() -> client.post("send-11", payload()))
                .isInstanceOf(ProviderRejectedException.class)
                .hasMessageContaining("HTTP 422")
                .hasMessageContaining("unknown contact");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aReceiverThatDoesNotAnswerIsRetriedThenUnavailable() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        }

        assertThatThrownBy(() -> client.post("send-12", payload()))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("/hooks/relance failed after 3 attempts")
                .hasMessageContaining("timeout")
                .hasMessageNotContaining(SECRET);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void withoutADefaultUrlEachCallNamesOne() {
        client.close();
        client = client(null, SECRET);

        assertThatThrownBy(() -> client.post("send-13", payload()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("relance.webhook.url");
    }

    @Test
    void withoutASecretNothingIsSent() {
        client.close();
        client = client(null, null);

        assertThatThrownBy(() -> client.post(server.url("/x").toString(), "send-14", payload()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("relance.webhook.secret");
        assertThat(server.getRequestCount()).isZero();
    }

    /** A clock the test moves; optionally one step further at each read. */
    private static final class MutableClock extends Clock {
        private Instant now;
        private Duration step = Duration.ZERO;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advanceOnEachRead(Duration step) {
            this.step = step;
        }

        @Override
        public Instant instant() {
            Instant current = now;
            now = now.plus(step);
            return current;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
