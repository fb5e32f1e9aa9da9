package io.relance.channel.template;

import io.relance.RelanceApplication;
import io.relance.support.ApiClient;
import io.relance.support.TemplateDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The message texts as a designer uses them with the real application, started on a file database with a scenario
 * folder of the test's own: a typo stops start-up naming file and line; while it runs, a changed text is used within
 * seconds and a broken change is refused and shown, the previous text staying in use.
 */
@ExtendWith(OutputCaptureExtension.class)
class TemplateStartUpTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String PASSWORD = "designer-secret-1";

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start(Path scenarioDir) {
        return new SpringApplicationBuilder(RelanceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/relance") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--relance.scenario-dir=" + scenarioDir,
                "--relance.templates.recheck=PT0.5S",
                "--relance.security.admin-password=" + PASSWORD,
                "--relance.security.integration-password=",
                "--camunda.bpm.generate-unique-process-engine-name=true",
                "--camunda.bpm.generate-unique-process-application-name=true",
                "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.webapp.enabled=false");
    }

    /** A scenario folder with the project's catalogue, decision tables and texts (no diagram: none is needed). */
    private Path scenarios() throws IOException {
        Path scenarios = dir.resolve("scenarios");
        Files.createDirectories(scenarios.resolve("bpmn"));
        Files.copy(PROJECT.resolve("bpmn/event-types.yaml"), scenarios.resolve("bpmn/event-types.yaml"));
        Files.createDirectories(scenarios.resolve("dmn"));
        try (Stream<Path> tables = Files.list(PROJECT.resolve("dmn"))) {
            for (Path table : tables.filter(f -> f.toString().endsWith(".dmn")).toList()) {
                Files.copy(table, scenarios.resolve("dmn").resolve(table.getFileName()));
            }
        }
        TemplateDirs.copyInto(scenarios);
        return scenarios;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
        Files.setLastModifiedTime(file, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(2)));
    }

    @Test
    void aTypoInATemplateStopsStartUpNamingFileAndLine(CapturedOutput output) throws IOException {
        Path scenarios = scenarios();
        Path template = scenarios.resolve("bpmn/templates/email/welcome_fr.txt");
        edit(template, "Bonjour[(${firstName}", "Bonjour[(${firstname}");
        long line = Files.readAllLines(template).stream().takeWhile(l -> !l.contains("firstname")).count() + 1;

        assertThatThrownBy(() -> start(scenarios)).satisfies(e -> {
            TemplateException failure = templateFailure(e);
            assertThat(failure.file()).isEqualTo(template.toString());
            assertThat(failure.line()).isEqualTo(line);
            assertThat(failure.problem()).contains("unknown variable 'firstname'");
        });
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
                .contains("A message text cannot be used: " + template + ", line " + line
                        + ": unknown variable 'firstname'")
                .contains("Fix " + template + " at line " + line);
    }

    @Test
    void aChangedTextIsUsedWithinSecondsWithoutARestartAndABrokenOneIsRefusedAndShown() throws Exception {
        Path scenarios = scenarios();
        Path sms = scenarios.resolve("bpmn/templates/sms/welcome_fr.txt");
        try (ConfigurableApplicationContext app = start(scenarios)) {
            ApiClient admin = ApiClient.as(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")),
                    "admin", PASSWORD);
            assertThat(preview(admin)).startsWith("Bonjour Marie, bienvenue !");

            edit(sms, "bienvenue !", "bienvenue dans le club !");
            assertThat(previewWithin(admin, Duration.ofSeconds(5), "bienvenue dans le club !"))
                    .startsWith("Bonjour Marie, bienvenue dans le club !");

            edit(sms, "[(${firstName}", "[(${firstName.noSuchMethod()}");
            ApiClient.Response list = listWithin(admin, Duration.ofSeconds(5));
            assertThat(list.json().path("refused").path("file").asText()).isEqualTo(sms.toString());
            assertThat(list.json().path("refused").path("line").asInt()).isEqualTo(1);
            assertThat(list.json().path("refused").path("problem").asText()).contains("noSuchMethod");
            assertThat(preview(admin)).as("the previous text stays in use")
                    .startsWith("Bonjour Marie, bienvenue dans le club !");
        }
    }

    private static String preview(ApiClient admin) {
        ApiClient.Response response = admin.post("/api/templates/sms/welcome/preview", "{}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("text").asText();
    }

    private static String previewWithin(ApiClient admin, Duration limit, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String text = preview(admin);
        while (!text.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            text = preview(admin);
        }
        return text;
    }

    private static ApiClient.Response listWithin(ApiClient admin, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        ApiClient.Response list = admin.get("/api/templates");
        while (!list.json().has("refused") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            list = admin.get("/api/templates");
        }
        assertThat(list.json().has("refused")).as("the broken change is refused: " + list.body()).isTrue();
        return list;
    }

    private static TemplateException templateFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TemplateException failure) {
                return failure;
            }
        }
        throw new AssertionError("start-up failed, but not with a message text error", e);
    }

}
