package io.relance.deployment;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code scenarios}, part of the readiness probe: down until the scenario files are deployed, and while a
 * deployment runs; up with the number of files once they are.
 */
@Component("scenariosHealthIndicator")
class ScenarioDeploymentHealth implements HealthIndicator {

    private volatile boolean deploying;
    private volatile int deployedFiles = -1;

    void deploying() {
        deploying = true;
    }

    void deployed(int files) {
        deployedFiles = files;
        deploying = false;
    }

    void failed() {
        deploying = false;
    }

    @Override
    public Health health() {
        if (deploying) {
            return Health.down().withDetail("scenarios", "deploying").build();
        }
        if (deployedFiles < 0) {
            return Health.down().withDetail("scenarios", "not deployed").build();
        }
        return Health.up().withDetail("files", deployedFiles).build();
    }
}
