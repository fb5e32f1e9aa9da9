package io.relance.deployment;

/** A scenario file that cannot be deployed: start-up stops and says which file and why. */
public class ScenarioDeploymentException extends RuntimeException {

    private final String file;

    public ScenarioDeploymentException(String file, String problem, Throwable cause) {
        super("Cannot deploy " + file + ": " + problem, cause);
        this.file = file;
    }

    public String file() {
        return file;
    }
}
