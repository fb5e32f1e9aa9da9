package io.relance.datetrigger;

import io.relance.RelanceApplication;
import io.relance.deployment.ScenarioDeploymentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A date-trigger table the run could not follow stops start-up, naming the file, the rule and the problem. */
class DateTriggerTableStartUpTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownAttributeStopsStartUpBeforeAnythingIsDeployed() throws IOException {
        Path scenarios = dir.resolve("scenarios");
        Files.createDirectories(scenarios.resolve("bpmn"));
        Files.createDirectories(scenarios.resolve("dmn"));
        Files.copy(Path.of("bpmn/birthday-run.bpmn"), scenarios.resolve("bpmn/birthday-run.bpmn"));
        Files.writeString(scenarios.resolve("dmn/date-triggers.dmn"), DateTriggerTableTest.shipped()
                .replace("\"contractEnd\"", "\"contractEndDate\""));

        assertThatThrownBy(() -> new SpringApplicationBuilder(RelanceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/relance") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--relance.scenario-dir=" + scenarios,
                "--relance.security.admin-password=",
                "--relance.security.integration-password=",
                "--camunda.bpm.generate-unique-process-engine-name=true",
                "--camunda.bpm.generate-unique-process-application-name=true",
                "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.webapp.enabled=false"))
                .satisfies(e -> {
                    ScenarioDeploymentException failure = null;
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        if (t instanceof ScenarioDeploymentException found) {
                            failure = found;
                        }
                    }
                    assertThat(failure).as("the deployment failure in " + e).isNotNull();
                    assertThat(failure.file()).endsWith("dmn/date-triggers.dmn");
                    assertThat(failure.getMessage()).contains("rule 'Rule_ContractEnd' (row 2): unknown date"
                            + " attribute \"contractEndDate\" (known: birthDate, customerSince, contractEnd,"
                            + " departureDate)");
                });
    }
}
