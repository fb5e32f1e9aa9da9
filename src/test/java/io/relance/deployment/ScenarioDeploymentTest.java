package io.relance.deployment;

import io.relance.RelanceApplication;
import io.relance.scenario.Welcome;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start-up deployment of {@code bpmn/} and {@code dmn/}: the real application is started (and restarted) on a
 * file database with a scenario folder of the test's own.
 */
@ExtendWith(OutputCaptureExtension.class)
class ScenarioDeploymentTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start(Path scenarioDir, Path database) {
        return start(scenarioDir, database, "");
    }

    private ConfigurableApplicationContext start(Path scenarioDir, Path database, String adminPassword) {
        return new SpringApplicationBuilder(RelanceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + database.resolve("relance") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--relance.scenario-dir=" + scenarioDir,
                "--relance.security.admin-password=" + adminPassword,
                "--relance.security.integration-password=",
                "--camunda.bpm.generate-unique-process-engine-name=true",
                "--camunda.bpm.generate-unique-process-application-name=true",
                "--camunda.bpm.job-execution.enabled=false",
                // The webapps keep a static reference to their application context, which a failed start leaves
                // behind; these starts do not need them.
                "--camunda.bpm.webapp.enabled=false");
    }

    private Path scenarios() throws IOException {
        Path scenarios = dir.resolve("scenarios");
        Files.createDirectories(scenarios.resolve("bpmn"));
        Files.createDirectories(scenarios.resolve("dmn"));
        Files.copy(PROJECT.resolve("bpmn/welcome.bpmn"), scenarios.resolve("bpmn/welcome.bpmn"));
        Files.copy(PROJECT.resolve("dmn/welcome-settings.dmn"), scenarios.resolve("dmn/welcome-settings.dmn"));
        return scenarios;
    }

    private static int version(ConfigurableApplicationContext app, String processKey) {
        return app.getBean(RepositoryService.class).createProcessDefinitionQuery().processDefinitionKey(processKey)
                .latestVersion().singleResult().getVersion();
    }

    private static int decisionVersion(ConfigurableApplicationContext app, String decisionKey) {
        return app.getBean(RepositoryService.class).createDecisionDefinitionQuery().decisionDefinitionKey(decisionKey)
                .latestVersion().singleResult().getVersion();
    }

    @Test
    void onlyChangedFilesCreateNewVersionsAndTheGeneratedAdminPasswordIsPrintedOnce(CapturedOutput output)
            throws IOException {
        Path scenarios = scenarios();
        Path database = dir.resolve("db");
        try (ConfigurableApplicationContext app = start(scenarios, database)) {
            assertThat(version(app, Welcome.PROCESS_KEY)).isEqualTo(1);
            assertThat(decisionVersion(app, Welcome.DECISION_SETTINGS)).isEqualTo(1);
        }
        assertThat(output.getOut()).containsOnlyOnce("with the generated password");

        try (ConfigurableApplicationContext app = start(scenarios, database)) {
            assertThat(version(app, Welcome.PROCESS_KEY)).as("unchanged file").isEqualTo(1);
            assertThat(decisionVersion(app, Welcome.DECISION_SETTINGS)).isEqualTo(1);
        }
        assertThat(output.getOut()).as("printed once, not at every start")
                .containsOnlyOnce("with the generated password");

        Path bpmn = scenarios.resolve("bpmn/welcome.bpmn");
        Files.writeString(bpmn, Files.readString(bpmn).replace("name=\"Welcome\"", "name=\"Welcome (edited)\""));
        try (ConfigurableApplicationContext app = start(scenarios, database, "chosen-password")) {
            assertThat(app.getBean(IdentityService.class).checkPassword("admin", "chosen-password"))
                    .as("RELANCE_ADMIN_PASSWORD applies to an existing administrator").isTrue();
            assertThat(version(app, Welcome.PROCESS_KEY)).as("changed file").isEqualTo(2);
            assertThat(decisionVersion(app, Welcome.DECISION_SETTINGS)).as("unchanged file").isEqualTo(1);
            ScenarioDeployer.Report again = app.getBean(ScenarioDeployer.class).deploy();
            assertThat(again.files()).containsExactly("bpmn/welcome.bpmn", "dmn/welcome-settings.dmn");
            assertThat(again.newVersions()).isEmpty();
        }
    }

    @Test
    void severalScenariosMayStartOnTheSameEvent() throws IOException {
        Path scenarios = scenarios();
        // Camunda 7 alone refuses two definitions starting on one message name (ENGINE-01011).
        Files.writeString(scenarios.resolve("bpmn/welcome-copy.bpmn"),
                Files.readString(scenarios.resolve("bpmn/welcome.bpmn"))
                        .replace("id=\"welcome\"", "id=\"welcome-copy\"")
                        .replace("bpmnElement=\"welcome\"", "bpmnElement=\"welcome-copy\""));
        try (ConfigurableApplicationContext app = start(scenarios, dir.resolve("db"))) {
            app.getBean(io.relance.contact.ContactService.class).upsert("marie", new io.relance.contact.ContactRequest(
                    "marie@example.com", null, "Marie", null, null, "fr", null, null, null));
            io.relance.event.EventIntakeService.Outcome outcome = app.getBean(io.relance.event.EventIntakeService.class)
                    .accept(new io.relance.event.EventRequest("e-1", Welcome.MESSAGE_START, "marie",
                            java.time.OffsetDateTime.now(), null));
            assertThat(outcome.receipt().startedInstances()).hasSize(2);
            assertThat(app.getBean(org.camunda.bpm.engine.RuntimeService.class).createProcessInstanceQuery()
                    .processInstanceBusinessKey("marie").list())
                    .extracting(org.camunda.bpm.engine.runtime.ProcessInstance::getProcessDefinitionId)
                    .anySatisfy(id -> assertThat(id).startsWith("welcome:"))
                    .anySatisfy(id -> assertThat(id).startsWith("welcome-copy:"));
        }
    }

    @Test
    void malformedBpmnStopsStartUpNamingTheFileAndDeploysNothing() throws IOException {
        Path scenarios = scenarios();
        Files.writeString(scenarios.resolve("bpmn/broken.bpmn"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
                  <bpmn:process id="broken" isExecutable="true">
                    <bpmn:startEvent id="Start">
                  </bpmn:process>
                </bpmn:definitions>""");
        assertThatThrownBy(() -> start(scenarios, dir.resolve("db")))
                .satisfies(e -> assertThat(deploymentFailure(e).getMessage()).contains("broken.bpmn"));
    }

    @Test
    void scenarioWithoutHistoryTimeToLiveIsRefusedWithThatReason() throws IOException {
        Path scenarios = scenarios();
        Path bpmn = scenarios.resolve("bpmn/welcome.bpmn");
        Files.writeString(bpmn, Files.readString(bpmn).replaceAll("camunda:historyTimeToLive=\"[^\"]*\"", ""));
        assertThatThrownBy(() -> start(scenarios, dir.resolve("db")))
                .satisfies(e -> assertThat(deploymentFailure(e).getMessage())
                        .contains("welcome.bpmn").contains("historyTimeToLive"));
    }

    @Test
    void aScenarioWithoutAnExitDoorStopsStartUpNamingFileAndElement() throws IOException {
        Path scenarios = scenarios();
        Path bpmn = scenarios.resolve("bpmn/welcome.bpmn");
        Files.writeString(bpmn, Files.readString(bpmn)
                .replace("<camunda:property name=\"exit\" value=\"opened\" />", ""));
        assertThatThrownBy(() -> start(scenarios, dir.resolve("db")))
                .satisfies(e -> assertThat(deploymentFailure(e).getMessage())
                        .contains("welcome.bpmn", "Gateway_ReactionOrDelay", "EndEvent_Opened",
                                "without any action"));
    }

    @Test
    void malformedDmnStopsStartUpNamingTheFile() throws IOException {
        Path scenarios = scenarios();
        Files.writeString(scenarios.resolve("dmn/welcome-settings.dmn"), "<definitions>not a decision");
        assertThatThrownBy(() -> start(scenarios, dir.resolve("db")))
                .satisfies(e -> assertThat(deploymentFailure(e).getMessage()).contains("welcome-settings.dmn"));
    }

    @Test
    void missingScenarioDirIsNamed() {
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> start(missing, dir.resolve("db")))
                .satisfies(e -> assertThat(deploymentFailure(e).getMessage()).contains("nowhere")
                        .contains("does not exist"));
    }

    @Test
    void packagedCopiesAreUsedWhenTheWorkingDirectoryHasNoScenarioFolders() {
        ScenarioFiles.Found found = ScenarioFiles.find("", dir);
        assertThat(found.origin()).contains("packaged");
        assertThat(found.files()).extracting(ScenarioFiles.ScenarioFile::name)
                .contains("bpmn/welcome.bpmn", "dmn/welcome-settings.dmn");
    }

    @Test
    void workingDirectoryFoldersWinOverPackagedCopies() throws IOException {
        Path scenarios = scenarios();
        ScenarioFiles.Found found = ScenarioFiles.find("", scenarios);
        assertThat(found.origin()).isEqualTo(scenarios.toString());
        assertThat(found.files()).extracting(ScenarioFiles.ScenarioFile::location)
                .allSatisfy(location -> assertThat(location).startsWith(scenarios.toString()));
    }

    private static ScenarioDeploymentException deploymentFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ScenarioDeploymentException failure) {
                return failure;
            }
        }
        throw new AssertionError("start-up failed, but not with a scenario deployment error", e);
    }
}
