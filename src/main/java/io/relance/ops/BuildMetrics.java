package io.relance.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.stereotype.Component;

/**
 * {@code relance.build.info{version, commit}}, always 1: which build each node runs, next to its other series (the
 * usual Prometheus "build info" gauge; the same facts as {@code /actuator/info}). A jar built without them (outside
 * a Git checkout, or without the build's build-info) says {@code unknown}.
 */
@Component
class BuildMetrics {

    static final String BUILD_INFO = "relance.build.info";
    static final String UNKNOWN = "unknown";

    BuildMetrics(MeterRegistry registry, ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git) {
        BuildProperties b = build.getIfAvailable();
        GitProperties g = git.getIfAvailable();
        String version = b == null || b.getVersion() == null ? UNKNOWN : b.getVersion();
        String commit = g == null || g.getShortCommitId() == null ? UNKNOWN : g.getShortCommitId();
        Gauge.builder(BUILD_INFO, () -> 1).tag("version", version).tag("commit", commit)
                .description("The build this node runs (always 1)").strongReference(true).register(registry);
    }
}
