package io.relance.deployment;

import io.relance.pressure.ArbitratedSends;

/**
 * What Relance deploys of a scenario file: a BPMN as the designer saved it, rewritten so that each message start
 * event has a message of its own ({@link StartMessageRewrite}) and each commercial send task waits for its
 * arbitration ({@link ArbitratedSends}); DMN and form files as they are. {@link ScenarioDeployer} deploys through it,
 * and so do the process tests: they run what runs in production.
 */
public final class DeployedModels {

    private DeployedModels() {
    }

    /** The BPMN as Relance deploys it. */
    public static byte[] asDeployed(byte[] bpmn) {
        return ArbitratedSends.apply(StartMessageRewrite.apply(bpmn));
    }

    /** The content Relance deploys for a scenario file of that resource name ({@code bpmn/welcome.bpmn}...). */
    public static byte[] asDeployed(String resourceName, byte[] content) {
        return resourceName.endsWith(".bpmn") ? asDeployed(content) : content;
    }
}
