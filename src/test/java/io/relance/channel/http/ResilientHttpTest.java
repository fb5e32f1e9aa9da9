package io.relance.channel.http;

import io.relance.channel.ProviderOutcomeUnknownException;
import io.relance.channel.ProviderRejectedException;
import io.relance.channel.ProviderUnavailableException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared provider client against a real HTTP server (MockWebServer). */
class ResilientHttpTest {

    private static final String JSON = "application/json; charset=utf-8";
    private static final byte[] BODY = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

    private final MockWebServer server = new MockWebServer();
    private final List<Long> sleeps = new ArrayList<>();
    private ResilientHttp http;

    @BeforeEach
    void start() throws IOException {
        server.start();
        http = client(3, Duration.ofMillis(300), Duration.ZERO);
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.shutdown();
    }

    private ResilientHttp client(int attempts, Duration readTimeout, Duration initialBackoff) {
        HttpClientSettings settings = new HttpClientSettings(Duration.ofMillis(500), readTimeout,
                Duration.ofMillis(500), attempts, initialBackoff, Duration.ofMillis(250), Duration.ofSeconds(2));
        return new ResilientHttp("test", settings, sleeps::add, new SplittableRandom(42));
    }

    private String url() {
        return server.url("/hook").toString();
    }

    @Test
    void postsTheBodyWithTheIdempotencyKeyAndReturnsTheAnswer() throws InterruptedException {
        server.enqueue(new MockResponse().setResponseCode(201).setBody("{\"ok\":true}"));

        HttpReply reply = http.post(url(), "send-1", JSON, BODY);

        assertThat(reply).isEqualTo(new HttpReply(201, "{\"ok\":true}", 1));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/hook");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("send-1");
        assertThat(request.getHeader("Content-Type")).isEqualTo(JSON);
        assertThat(request.getBody().readUtf8()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 410, 422})
    void aClientErrorIsRejectedWithoutRetry(int status) {
        server.enqueue(new MockResponse().setResponseCode(status).setBody("{\"error\":\"bad\n  field\"}"));

        assertThatThrownBy(() -> http.post(url(), "send-1", JSON, BODY))
                .isInstanceOf(ProviderRejectedException.class)
                .hasMessageContaining("POST " + url())
                .hasMessageContaining("HTTP " + status)
                .hasMessageContaining("{\"error\":\"bad field\"}");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aLongErrorBodyIsCutInTheMessage() {
        server.enqueue(new MockResponse().setResponseCode(400).setBody("x".repeat(5000)));

        assertThatThrownBy(() -> http.post(url(), "send-1", JSON, BODY))
                .isInstanceOfSatisfying(ProviderRejectedException.class, e ->
                        assertThat(e.reason()).hasSizeLessThan(300).endsWith("…"));
    }

    @Test
    void aRedirectIsNotFollowed() {
        server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "https://elsewhere.example/"));

        assertThatThrownBy(() -> http.post(url(), "send-1", JSON, BODY))
                .isInstanceOf(ProviderRejectedException.class)
                .hasMessageContaining("HTTP 302")
                .hasMessageContaining("redirects are not followed");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aServerErrorIsRetriedWithTheSameIdempotencyKey() throws InterruptedException {
        server.enqueue(new MockResponse().setResponseCode(503).setBody("down"));
        server.enqueue(new MockResponse().setResponseCode(200).setBody("ok"));

        HttpReply reply = http.post(url(), "send-7", JSON, BODY);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.attempts()).isEqualTo(2);
        assertThat(server.getRequestCount()).isEqualTo(2);
        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();
        assertThat(first.getHeader("Idempotency-Key")).isEqualTo("send-7");
        assertThat(second.getHeader("Idempotency-Key")).isEqualTo("send-7");
        assertThat(second.getBody().readUtf8()).isEqualTo("{\"hello\":\"world\"}");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void temporaryStatusesAreRetriedThenUnavailable(int status) {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(status).setBody("busy"));
        }

        assertThatThrownBy(() -> http.post(url(), "send-1", JSON, BODY))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("POST " + url())
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("HTTP " + status + ": busy");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void noAnswerTimesOutAndIsRetriedThenUnavailable() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

        long start = System.nanoTime();
        assertThatThrownBy(() -> http.post(url(), "send-1", JSON, BODY))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("timeout")
                .hasCauseInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSlowAnswerTimesOutAndTheNextAttemptSucceeds() throws InterruptedException {
        server.enqueue(new MockResponse().setHeadersDelay(2, TimeUnit.SECONDS).setBody("late"));
        server.enqueue(new MockResponse().setBody("on time"));

        HttpReply reply = http.post(url(), "send-3", JSON, BODY);

        assertThat(reply.body()).isEqualTo("on time");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(server.takeRequest().getHeader("Idempotency-Key")).isEqualTo("send-3");
        assertThat(server.takeRequest().getHeader("Idempotency-Key")).isEqualTo("send-3");
    }

    private ResilientHttp atMostOnce() {
        HttpClientSettings settings = new HttpClientSettings(Duration.ofMillis(500), Duration.ofMillis(300),
                Duration.ofMillis(500), 3, Duration.ZERO, Duration.ofMillis(250), Duration.ofSeconds(2));
        return new ResilientHttp("test", settings, ResilientHttp.Repeats.NOT_RECOGNISED, sleeps::add,
                new SplittableRandom(42));
    }

    @Test
    void aSlowAnswerFromAReceiverThatDoesNotRecogniseRepeatsIsAnUnknownOutcomeNotSentAgain() {
        server.enqueue(new MockResponse().setHeadersDelay(2, TimeUnit.SECONDS).setBody("late"));
        server.enqueue(new MockResponse().setBody("on time"));

        try (ResilientHttp once = atMostOnce()) {
            assertThatThrownBy(() -> once.post(url(), "send-5", JSON, BODY))
                    .isInstanceOf(ProviderOutcomeUnknownException.class)
                    .hasMessageContaining("the request was fully sent, then timeout")
                    .hasCauseInstanceOf(java.net.SocketTimeoutException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void clearAnswersAndUnreachableReceiversAreRetriedEvenWhenRepeatsAreNotRecognised() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(408));
        server.enqueue(new MockResponse().setResponseCode(500));
        server.enqueue(new MockResponse().setBody("ok"));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        try (ResilientHttp once = atMostOnce()) {
            assertThat(once.post(url(), "send-6", JSON, BODY).attempts()).isEqualTo(3);
            assertThatThrownBy(() -> once.post("http://127.0.0.1:" + closedPort + "/hook", "send-7", JSON, BODY))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("failed after 3 attempts")
                    .hasMessageContaining("connection failed");
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aRefusedConnectionIsRetriedThenUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertThatThrownBy(() -> http.post("http://127.0.0.1:" + port + "/hook", "send-1", JSON, BODY))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("POST http://127.0.0.1:" + port + "/hook failed after 3 attempts")
                .hasMessageContaining("connection failed");
    }

    @Test
    void aShortRetryAfterIsHonoured() throws InterruptedException {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "1"));
        server.enqueue(new MockResponse().setBody("ok"));

        assertThat(http.post(url(), "send-1", JSON, BODY).body()).isEqualTo("ok");
        assertThat(sleeps).containsExactly(1000L);
    }

    @Test
    void aLongRetryAfterEndsTheSendAtOnce() {
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "3600"));

        assertThatThrownBy(() -> http.post(url(), "send-1", JSON, BODY))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("retry after 3600 s");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertThat(ResilientHttp.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(ResilientHttp.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(ResilientHttp.retryAfter("soon")).isNull();
        assertThat(ResilientHttp.retryAfter(null)).isNull();
    }

    @Test
    void waitsGrowExponentiallyWithJitterUpToTheCap() {
        http.close();
        http = client(5, Duration.ofMillis(300), Duration.ofMillis(100));
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse().setResponseCode(500));
        }

        assertThatThrownBy(() -> http.post(url(), "send-1", JSON, BODY))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("after 5 attempts");

        // 100, 200, then capped at 250 ms; each wait between half and all of it.
        assertThat(sleeps).hasSize(4);
        assertThat(sleeps.get(0)).isBetween(50L, 100L);
        assertThat(sleeps.get(1)).isBetween(100L, 200L);
        assertThat(sleeps.get(2)).isBetween(125L, 250L);
        assertThat(sleeps.get(3)).isBetween(125L, 250L);
    }

    @Test
    void aHandlerCanAskForAnotherAttempt() {
        server.enqueue(new MockResponse().setBody("{\"status\":\"throttled\"}"));
        server.enqueue(new MockResponse().setBody("{\"status\":\"ok\"}"));

        String result = http.post(url(), "send-1", JSON, BODY, Map::of, reply -> {
            if (reply.body().contains("throttled")) {
                throw new RetryableReplyException("throttled");
            }
            return reply.body();
        });

        assertThat(result).isEqualTo("{\"status\":\"ok\"}");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aHandlerThatKeepsAskingEndsUnavailable() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setBody("{}"));
        }

        assertThatThrownBy(() -> http.post(url(), "send-1", JSON, BODY, Map::of, reply -> {
            throw new RetryableReplyException("gateway throttled");
        })).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("gateway throttled");
    }

    @Test
    void attemptHeadersAreComputedForEachAttempt() throws InterruptedException {
        server.enqueue(new MockResponse().setResponseCode(500));
        server.enqueue(new MockResponse().setBody("ok"));
        AtomicInteger counter = new AtomicInteger();

        http.post(url(), "send-1", JSON, BODY, () -> Map.of("X-Attempt", "" + counter.incrementAndGet()),
                reply -> reply);

        assertThat(server.takeRequest().getHeader("X-Attempt")).isEqualTo("1");
        assertThat(server.takeRequest().getHeader("X-Attempt")).isEqualTo("2");
    }

    @Test
    void messagesDoNotShowQueryStringsOrUserInfo() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(500));
        }
        String secretUrl = server.url("/hook").newBuilder().username("user").password("hunter2")
                .addQueryParameter("token", "s3cr3t").build().toString();

        assertThatThrownBy(() -> http.post(secretUrl, "send-1", JSON, BODY))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("POST " + url())
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> http.post("ftp://user:pw@host/x?token=s3cr3t", "send-1", JSON, BODY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void anIdempotencyKeyIsRequired() {
        assertThatThrownBy(() -> http.post(url(), " ", JSON, BODY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.getRequestCount()).isZero();
    }
}
