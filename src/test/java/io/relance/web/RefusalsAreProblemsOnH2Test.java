package io.relance.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal is a problem document, whoever refuses: Spring MVC (unknown path, wrong method), Spring Security's
 * firewall ({@code ;}, {@code //}, encoded {@code /} or {@code .}, unusual methods), Tomcat itself (an encoded NUL,
 * an invalid percent-encoding, a request line it cannot parse). Sent over a raw socket, byte for byte, to the
 * running application: no HTTP client would send most of these.
 */
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:relance-refusals;DB_CLOSE_DELAY=-1")
@ActiveProfiles("apitest")
class RefusalsAreProblemsOnH2Test {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "Authorization: Basic " + Base64.getEncoder()
            .encodeToString("admin:admin-secret-for-tests".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;

    record Answer(int status, Map<String, String> headers, String body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** Sends the request line and headers as they are, reads the whole answer (the connection is closed). */
    Answer send(String requestLine, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost:").append(port)
                .append("\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    static Answer parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        assertThat(end).as("an HTTP answer: " + new String(raw, StandardCharsets.UTF_8)).isPositive();
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int at = 0;
        while (true) {
            int lineEnd = indexOf(chunked, crlf, at);
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static void assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.body()).startsWith("application/problem+json");
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
        assertThat(answer.json().path("title").asText()).isNotBlank();
        assertThat(answer.json().path("detail").asText()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Tomcat").doesNotContain("Exception").doesNotContain("<html");
    }

    @Test
    void anUnknownPathIs404() throws IOException {
        assertProblem(send("GET /api/no-such-thing HTTP/1.1", ADMIN), 404);
        Answer page = send("GET /no-such-page HTTP/1.1", "Accept: application/json");
        assertProblem(page, 404);
        assertThat(page.json().path("instance").asText()).isEqualTo("/no-such-page");
        // Even to a browser, on the APIs.
        assertProblem(send("GET /api/no-such-thing HTTP/1.1", ADMIN, "Accept: text/html"), 404);
        assertProblem(send("GET /engine-rest/no-such-thing HTTP/1.1", ADMIN), 404);
    }

    @Test
    void aBrowserOnAPageGetsAnHtmlPage() throws IOException {
        Answer page = send("GET /no-such-page HTTP/1.1", "Accept: text/html,application/xhtml+xml");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.contentType()).startsWith("text/html");
    }

    @Test
    void aMethodThePathDoesNotTakeIs405() throws IOException {
        assertProblem(send("DELETE /api/events HTTP/1.1", ADMIN), 405);
        assertProblem(send("PUT /engine-rest/task/count HTTP/1.1", ADMIN, "Content-Type: application/json",
                "Content-Length: 0"), 405);
    }

    @Test
    void whatTomcatRefusesItselfIsAProblem() throws IOException {
        assertProblem(send("GET /api/contacts/%00 HTTP/1.1", ADMIN), 400);
        assertProblem(send("GET /api/contacts/%zz HTTP/1.1", ADMIN), 400);
        assertProblem(send("GET /api/contacts/a%2Fb HTTP/1.1", ADMIN), 400);
    }

    @Test
    void aRequestLineTomcatCannotParseIsAProblem() throws IOException {
        assertProblem(send("GET /api/contacts/{x} HTTP/1.1"), 400);
        assertProblem(send("GET /api/contacts/a b HTTP/1.1"), 400);
    }

    @Test
    void whatTheFirewallRejectsIsAProblem() throws IOException {
        assertProblem(send("GET /api/contacts;jsessionid=x/y HTTP/1.1", ADMIN), 400);
        assertProblem(send("GET //api/contacts/x HTTP/1.1", ADMIN), 400);
        assertProblem(send("GET /api/contacts/%2e%2e/x HTTP/1.1", ADMIN), 400);
        assertProblem(send("FOO /api/events HTTP/1.1", ADMIN), 400);
    }

    static final List<String> PATHS = List.of("/api/events", "/api/contacts/c-1", "/api/broadcasts",
            "/engine-rest/task", "/engine-rest/message", "/t/o/token", "/insight", "/actuator/health",
            "/camunda/app/tasklist/", "/outbox", "/");
    static final List<String> MALFORMED = List.of("%00", "%zz", "%", ";a=b", "//x", "%2F", "%5C", "%25",
            "%2e%2e/x", "{x}", "a b", "\u0001");

    Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        for (String path : PATHS) {
            for (String bad : MALFORMED) {
                for (String method : List.of("GET", "POST")) {
                    cases.add(Arguments.of(method, path + (path.endsWith("/") ? "" : "/") + bad));
                }
            }
            cases.add(Arguments.of("FOO", path));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corpus")
    void malformedRequestsAreRefusedWithAProblemAndNever5xx(String method, String path) throws IOException {
        for (String auth : new String[]{null, ADMIN}) {
            List<String> headers = new ArrayList<>(List.of("Accept: */*", "Content-Type: application/json",
                    "Content-Length: 0"));
            if (auth != null) {
                headers.add(auth);
            }
            Answer answer = send(method + " " + path + " HTTP/1.1", headers.toArray(String[]::new));
            String what = method + " " + path + (auth == null ? "" : " (admin)") + " -> " + answer.status() + " "
                    + answer.contentType() + " " + answer.body();
            assertThat(answer.status()).as(what).isBetween(400, 499);
            assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
            assertThat(answer.json().path("status").asInt()).as(what).isEqualTo(answer.status());
        }
    }
}
