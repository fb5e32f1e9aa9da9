package io.relance.channel.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.channel.ProviderOutcomeUnknownException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Vonage adapter against a real HTTP server standing in for rest.nexmo.com. */
class VonageSmsGatewayTest {

    private static final SmsMessage MARIE = new SmsMessage("+33612345678", "Bonjour Marie", "send-42");

    private final MockWebServer server = new MockWebServer();
    private final ObjectMapper json = new ObjectMapper();
    private VonageSmsGateway gateway;

    @BeforeEach
    void start() throws IOException {
        server.start();
        gateway = gateway(null);
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
        server.shutdown();
    }

    private VonageSmsGateway gateway(String deliveryReceiptUrl) {
        HttpClientSettings fast = new HttpClientSettings(Duration.ofMillis(500), Duration.ofMillis(300),
                Duration.ofMillis(500), 3, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));
        SmsProperties properties = new SmsProperties(server.url("/").toString(), "abcd1234", "s3cr3t-Secret",
                "Relance", deliveryReceiptUrl, 3, "STOP au 36111", fast);
        return new VonageSmsGateway(properties, new ResilientHttp("sms", fast, ResilientHttp.Repeats.NOT_RECOGNISED));
    }

    private static MockResponse vonage(String... statuses) {
        StringBuilder messages = new StringBuilder();
        for (int i = 0; i < statuses.length; i++) {
            String status = statuses[i];
            messages.append(i == 0 ? "" : ",").append("0".equals(status)
                    ? "{\"to\":\"33612345678\",\"message-id\":\"0A000000123ABCD" + i + "\",\"status\":\"0\","
                    + "\"remaining-balance\":\"3.14\",\"message-price\":\"0.05\",\"network\":\"20801\"}"
                    : "{\"status\":\"" + status + "\",\"error-text\":\"Vonage says " + status + "\"}");
        }
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"message-count\":\"" + statuses.length + "\",\"messages\":[" + messages + "]}");
    }

    private JsonNode body(RecordedRequest request) throws IOException {
        return json.readTree(request.getBody().readUtf8());
    }

    @Test
    void sendsTheVonageJsonRequestAndReturnsTheMessageId() throws Exception {
        server.enqueue(vonage("0"));

        SmsReceipt receipt = gateway.send(MARIE);

        assertThat(receipt).isEqualTo(new SmsReceipt("0A000000123ABCD0"));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/sms/json");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("send-42");
        assertThat(body(request)).isEqualTo(json.readTree("""
                {"api_key": "abcd1234", "api_secret": "s3cr3t-Secret", "from": "Relance", "to": "33612345678",
                 "text": "Bonjour Marie", "type": "text", "client-ref": "send-42"}"""));
    }

    @Test
    void aTextOutsideGsm7GoesAsUnicode() throws Exception {
        server.enqueue(vonage("0"));

        gateway.send(new SmsMessage("+33612345678", "é€😀", "send-43"));

        JsonNode body = body(server.takeRequest());
        assertThat(body.get("type").asText()).isEqualTo("unicode");
        assertThat(body.get("text").asText()).isEqualTo("é€😀");
    }

    @Test
    void theDeliveryReceiptUrlIsPassedAsCallback() throws Exception {
        gateway.close();
        gateway = gateway("https://relance.example.com/sms/receipts/Zq81");
        server.enqueue(vonage("0"));

        gateway.send(MARIE);

        assertThat(body(server.takeRequest()).get("callback").asText())
                .isEqualTo("https://relance.example.com/sms/receipts/Zq81");
    }

    @Test
    void aSplitMessageIsAcceptedWhenEveryPartIs() {
        server.enqueue(vonage("0", "0"));

        assertThat(gateway.send(MARIE).providerMessageId()).isEqualTo("0A000000123ABCD0");
    }

    @ParameterizedTest(name = "status {0} is permanent: rejected")
    @CsvSource({"2,Missing Parameters", "3,Invalid Parameters", "6,Invalid Message", "7,Number Barred",
            "12,Message Too Long", "15,Invalid Sender Address", "29,Non-Whitelisted Destination",
            "33,Number De-activated"})
    void permanentStatusesAreRejectedWithoutRetry(String status, String title) {
        server.enqueue(vonage(status));

        assertThatThrownBy(() -> gateway.send(MARIE))
                .isInstanceOfSatisfying(ProviderRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo("Vonage status " + status + " (" + title + "): Vonage says " + status));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "status {0} is temporary: retried")
    @ValueSource(strings = {"1", "5", "10"})
    void temporaryStatusesAreRetried(String status) throws InterruptedException {
        server.enqueue(vonage(status));
        server.enqueue(vonage("0"));

        assertThat(gateway.send(MARIE).providerMessageId()).isEqualTo("0A000000123ABCD0");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(server.takeRequest().getHeader("Idempotency-Key")).isEqualTo("send-42");
        assertThat(server.takeRequest().getHeader("Idempotency-Key")).isEqualTo("send-42");
    }

    @Test
    void aLastingThrottleEndsUnavailable() {
        server.enqueue(vonage("1"));
        server.enqueue(vonage("1"));
        server.enqueue(vonage("1"));

        assertThatThrownBy(() -> gateway.send(MARIE))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("Vonage status 1 (Throttled)");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @ParameterizedTest(name = "status {0} concerns the account: unavailable at once")
    @ValueSource(strings = {"4", "8", "9", "11", "14", "32", "77"})
    void accountProblemsAndUnknownStatusesAreUnavailableWithoutRetry(String status) {
        server.enqueue(vonage(status));

        assertThatThrownBy(() -> gateway.send(MARIE))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("Vonage status " + status)
                .hasMessageContaining("Vonage account")
                .hasMessageNotContaining("s3cr3t");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void onePartRefusedRefusesTheMessage() {
        server.enqueue(vonage("0", "6"));

        assertThatThrownBy(() -> gateway.send(MARIE)).isInstanceOf(ProviderRejectedException.class)
                .hasMessageContaining("Vonage status 6");
    }

    @Test
    void aServerErrorThenSuccessDeliversOnceWithOneIdempotencyKey() throws InterruptedException {
        server.enqueue(new MockResponse().setResponseCode(502).setBody("Bad Gateway"));
        server.enqueue(vonage("0"));

        assertThat(gateway.send(MARIE).providerMessageId()).isEqualTo("0A000000123ABCD0");

        assertThat(server.getRequestCount()).isEqualTo(2);
        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();
        assertThat(first.getHeader("Idempotency-Key")).isEqualTo("send-42");
        assertThat(second.getHeader("Idempotency-Key")).isEqualTo("send-42");
        assertThat(second.getBody().readUtf8()).contains("\"client-ref\":\"send-42\"");
    }

    @Test
    void anHttpClientErrorIsRejectedWithoutRetry() {
        server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"title\":\"Bad Request\"}"));

        assertThatThrownBy(() -> gateway.send(MARIE)).isInstanceOf(ProviderRejectedException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("Bad Request");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aGatewayThatReadsTheRequestAndDoesNotAnswerIsAnUnknownOutcomeNotSentAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        }

        assertThatThrownBy(() -> gateway.send(MARIE)).isInstanceOf(ProviderOutcomeUnknownException.class)
                .hasMessageContaining("/sms/json: the request was fully sent, then timeout")
                .hasMessageContaining("attempt 1 of 3")
                .hasMessageNotContaining("s3cr3t");
        assertThat(server.getRequestCount()).as("Vonage would send a second request as a second SMS").isEqualTo(1);
        assertThat(body(server.takeRequest()).get("client-ref").asText()).isEqualTo("send-42");
    }

    @Test
    void aConnectionLostAfterTheRequestIsAnUnknownOutcomeNotSentAgain() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(vonage("0"));

        assertThatThrownBy(() -> gateway.send(MARIE)).isInstanceOf(ProviderOutcomeUnknownException.class)
                .hasMessageContaining("the request was fully sent");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aGatewayTimeoutAnswerIsAnUnknownOutcomeNotSentAgain() {
        server.enqueue(new MockResponse().setResponseCode(504).setBody("Gateway Timeout"));
        server.enqueue(vonage("0"));

        assertThatThrownBy(() -> gateway.send(MARIE)).isInstanceOf(ProviderOutcomeUnknownException.class)
                .hasMessageContaining("HTTP 504");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aServiceUnavailableAnswerIsRetriedAndSentOnce() {
        server.enqueue(new MockResponse().setResponseCode(503).setBody("down for maintenance"));
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "0"));
        server.enqueue(vonage("0"));

        assertThat(gateway.send(MARIE).providerMessageId()).isEqualTo("0A000000123ABCD0");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aGatewayThatCannotBeReachedIsRetriedThenUnavailable() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpClientSettings fast = new HttpClientSettings(Duration.ofMillis(500), Duration.ofMillis(300),
                Duration.ofMillis(500), 3, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));
        SmsProperties properties = new SmsProperties("http://127.0.0.1:" + closedPort, "abcd1234", "s3cr3t-Secret",
                "Relance", null, 3, "STOP au 36111", fast);
        try (VonageSmsGateway unreachable = new VonageSmsGateway(properties,
                new ResilientHttp("sms", fast, ResilientHttp.Repeats.NOT_RECOGNISED))) {
            assertThatThrownBy(() -> unreachable.send(MARIE)).isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("/sms/json failed after 3 attempts")
                    .hasMessageContaining("connection failed");
        }
    }

    @Test
    void aClientThatWouldSendAgainIsRefused() {
        HttpClientSettings settings = HttpClientSettings.defaults();
        SmsProperties properties = new SmsProperties("https://rest.nexmo.com/", "k", "s", "Relance", null, 3,
                "STOP au 36111", settings);
        try (ResilientHttp retrying = new ResilientHttp("sms", settings, ResilientHttp.Repeats.RECOGNISED)) {
            assertThatThrownBy(() -> new VonageSmsGateway(properties, retrying))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NOT_RECOGNISED");
        }
    }

    @Test
    void anUnreadableAnswerIsAnUnknownOutcomeAndDoesNotShowTheNumber() {
        server.enqueue(new MockResponse().setBody("{\"to\":\"33612345678\",\"oops\":true}"));

        assertThatThrownBy(() -> gateway.send(MARIE)).isInstanceOf(ProviderOutcomeUnknownException.class)
                .hasMessageContaining("without a list of messages")
                .hasMessageNotContaining("33612345678");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0612345678", "33612345678", "+0612345678", "+33 6 12 34 56 78", "+3361234567890123"})
    void aNumberThatIsNotE164IsRejectedWithoutCallingVonage(String number) {
        assertThatThrownBy(() -> gateway.send(new SmsMessage(number, "Bonjour", "send-44")))
                .isInstanceOf(ProviderRejectedException.class)
                .hasMessageContaining("E.164")
                .hasMessageContaining("send-44")
                .hasMessageNotContaining(number);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theEndpointIsBuiltFromTheGatewayUrl() {
        HttpClientSettings settings = HttpClientSettings.defaults();
        SmsProperties properties = new SmsProperties("https://rest.nexmo.com/", "k", "s", "Relance", null, 3,
                "STOP au 36111", settings);
        try (VonageSmsGateway vonage = new VonageSmsGateway(properties,
                new ResilientHttp("sms", settings, ResilientHttp.Repeats.NOT_RECOGNISED))) {
            assertThat(vonage.endpoint()).isEqualTo("https://rest.nexmo.com/sms/json");
            assertThat(vonage.toString()).doesNotContain("s3cr3t").doesNotContain("api");
        }
    }

    @Test
    void aReferenceLongerThanVonageEchoesIsRefused() {
        assertThatThrownBy(() -> new SmsMessage("+33612345678", "x", "r".repeat(41)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40");
        assertThat(MARIE.toString()).doesNotContain("33612345678").doesNotContain("Marie");
    }
}
