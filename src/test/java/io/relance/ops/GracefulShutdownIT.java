package io.relance.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.scenario.EventType;
import io.relance.support.ApiClient;
import io.relance.support.RelanceJvm;
import io.relance.support.SlowSmtp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as an operator runs it: its own JVM ({@code java -cp ... RelanceApplication}, the main classpath
 * only, so Spring Boot's own logging configuration applies), stopped with SIGTERM.
 * <ul>
 * <li>{@code RELANCE_LOG_FORMAT=json}: the console log is JSON lines; the intake line carries the ids;</li>
 * <li>a broadcast to 60 contacts is being delivered to a slow SMTP server (0.7 s a message) when the application is
 * told to stop: no send fails because it stops, and after a restart on the same database every message has been
 * accepted by the server exactly once.</li>
 * </ul>
 */
class GracefulShutdownIT {

    static final int CONTACTS = 60;
    static final String ADMIN_PASSWORD = "admin-secret-for-shutdown";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private RelanceJvm start(SlowSmtp smtp, boolean jsonLogs, String database, String name) throws Exception {
        return RelanceJvm.start(name, data, io.relance.support.TestSmtp.freePort(), List.of(
                "--spring.datasource.url=" + database,
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.port(),
                // Decided as soon as due, whatever the time of day the test runs at.
                "--relance.pressure.send-slot=",
                "--relance.pressure.quiet-hours.email.from=00:00", "--relance.pressure.quiet-hours.email.to=00:00",
                "--relance.pressure.quiet-hours.email.sundays=false",
                "--relance.pressure.dispatcher.interval=PT0.2S"), Map.of(
                "RELANCE_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "RELANCE_INTEGRATION_PASSWORD", "integration-secret-for-shutdown",
                "RELANCE_LOG_FORMAT", jsonLogs ? "json" : "text"), Duration.ofSeconds(240));
    }

    private static void waitFor(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        RelanceJvm.waitFor(condition, Duration.ofSeconds(seconds), what);
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    static String signals = "";

    private static int stop(RelanceJvm app) throws InterruptedException {
        try {
            signals = Files.readAllLines(Path.of("/proc/" + app.process().pid() + "/status")).stream()
                    .filter(l -> l.startsWith("Sig")).collect(Collectors.joining(" "));
        } catch (IOException e) {
            signals = e.toString();
        }
        return app.stop(); // SIGTERM
    }

    @Test
    void jsonLogsThenAStopDuringABroadcastLosesAndRepeatsNothing() throws Exception {
        String database = "jdbc:h2:file:" + data.resolve("relance").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        String run = "run" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        int firstExit;
        try (SlowSmtp smtp = new SlowSmtp(700)) {
            RelanceJvm first = start(smtp, true, database, "first");
            try {
                ApiClient api = first.as("integration", "integration-secret-for-shutdown");
                for (int i = 0; i < CONTACTS; i++) {
                    ApiClient.Response put = api.put("/api/contacts/" + run + "-" + i, """
                            {"email": "%s-%d@example.com", "locale": "fr-FR", "timeZone": "Europe/Paris",
                             "consents": {"email": {"granted": true}}, "attributes": {"shutdownRun": "%s"}}"""
                            .formatted(run, i, run));
                    assertThat(put.status()).as(put.body()).isEqualTo(201);
                }

                // JSON logs: the intake's line is a JSON object with the ids, in the message and as fields.
                String eventId = "evt-" + run;
                ApiClient.Response event = api.post("/api/events", """
                        {"eventId": "%s", "type": "%s", "contactId": "%s-0", "occurredAt": "2026-11-23T09:00:00Z",
                         "data": {"orderId": "A-1", "amount": 10}}""".formatted(eventId, EventType.ORDER_PLACED, run));
                assertThat(event.status()).as(event.body()).isEqualTo(202);
                String instanceId = event.json().path("startedInstances").path(0).asText();
                waitFor(() -> intakeLine(first, eventId) != null, 10, "the intake's log line");
                JsonNode intake = intakeLine(first, eventId);
                // Elastic Common Schema, nested (Spring Boot 3.5): {"log": {"level": ..., "logger": ...}, "message": ...}
                assertThat(intake.at("/log/level").asText()).as(intake.toString()).isEqualTo("INFO");
                assertThat(intake.at("/service/name").asText()).isEqualTo("relance");
                assertThat(intake.path("message").asText()).contains("eventId=" + eventId)
                        .contains("contactId=" + run + "-0").contains("type=" + EventType.ORDER_PLACED)
                        .contains("outcome=accepted").contains(instanceId);
                assertThat(intake.path("eventId").asText()).as("MDC field: " + intake).isEqualTo(eventId);
                assertThat(intake.path("contactId").asText()).as("MDC field").isEqualTo(run + "-0");
                assertThat(first.lines().stream().filter(l -> l.startsWith("{")).count())
                        .as("JSON lines").isGreaterThan(10);

                ApiClient.Response broadcast = first.as("admin", ADMIN_PASSWORD).post("/api/broadcasts", """
                        {"name": "Shutdown test", "messageType": "newsletter", "channel": "email",
                         "segment": {"shutdownRun": "%s"}}""".formatted(run));
                assertThat(broadcast.status()).as(broadcast.body()).isIn(201, 202);
                waitFor(() -> smtp.total() >= 6, 120, "the first messages of the broadcast");
            } finally {
                firstExit = stop(first);
            }
            int sentBeforeStop = smtp.total();
            String firstLog = tail(first.lines());
            assertThat(sentBeforeStop).as("the stop came while the broadcast was being delivered")
                    .isLessThan(CONTACTS + 1);
            List<String> firstLines = first.lines();
            {
                assertThat(firstLines).as("no send failed because the application stopped:\n" + firstLog)
                        .noneMatch(l -> l.contains("has been closed") || l.contains("not sent, retried")
                                || l.contains("status=retry") || l.contains("Connection is not available"));
                assertThat(firstLines.stream().anyMatch(l -> l.contains("Arbitration dispatcher stopped")))
                        .as("stopped by SIGTERM (exit " + firstExit + ", " + signals + "): " + firstLog).isTrue();
            }

            RelanceJvm second = start(smtp, false, database, "second");
            try {
                waitFor(() -> smtp.total() >= CONTACTS + 1, 180, "every message after the restart ("
                        + smtp.total() + " so far)");
                Thread.sleep(2000);
            } finally {
                stop(second);
            }
            Map<String, Integer> received = smtp.perRecipient();
            assertThat(received).hasSize(CONTACTS);
            assertThat(received.values()).as("each contact received exactly one message per send: " + received)
                    .allMatch(n -> n == 1 || n == 2);
            assertThat(received.get(run.toLowerCase() + "-0@example.com")).as("order confirmation + newsletter")
                    .isEqualTo(2);
            assertThat(received.entrySet().stream().filter(e -> !e.getKey().startsWith(run.toLowerCase() + "-0@"))
                    .allMatch(e -> e.getValue() == 1)).as(received.toString()).isTrue();
            assertThat(smtp.total()).isEqualTo(CONTACTS + 1);
        }
    }

    private static JsonNode intakeLine(RelanceJvm app, String eventId) {
        {
            for (String line : app.lines()) {
                if (line.startsWith("{") && line.contains("Event intake") && line.contains(eventId)) {
                    try {
                        return JSON.readTree(line);
                    } catch (IOException e) {
                        throw new AssertionError("not a JSON line: " + line, e);
                    }
                }
            }
        }
        return null;
    }
}
