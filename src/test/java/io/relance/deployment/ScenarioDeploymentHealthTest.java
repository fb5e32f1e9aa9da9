package io.relance.deployment;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The readiness contribution of the scenario deployment: down before and during a deployment, up after. */
class ScenarioDeploymentHealthTest {

    @Test
    void downUntilDeployedAndWhileDeploying() {
        ScenarioDeploymentHealth health = new ScenarioDeploymentHealth();
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        health.deploying();
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("scenarios", "deploying");
        health.deployed(12);
        health.failed();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("files", 12);
        health.deploying();
        assertThat(health.health().getStatus()).as("a new deployment under way").isEqualTo(Status.DOWN);
    }
}
