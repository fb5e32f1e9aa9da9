package io.relance.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker files cannot run here (no Docker): they are read as the tools would read them. YAML and JSON parse, the
 * compose file has its services wired as README says, the health checks use the readiness probe, Prometheus scrapes
 * the authenticated endpoint, and every Relance metric the Grafana dashboard queries is one the code registers. The
 * image's script that writes git.properties from the build arguments runs here, with the image's shell ({@code sh}).
 */
class DockerFilesTest {

    static final Path DOCKER = Path.of("docker");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(Files.readString(DOCKER.resolve(file), StandardCharsets.UTF_8));
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTwoNodesBehindAProxyWithMariaDbPrometheusAndGrafana() throws IOException {
        Map<String, Object> services = (Map<String, Object>) yaml("compose.yaml").get("services");
        assertThat(services).containsKeys("mariadb", "mailpit", "app", "proxy", "prometheus", "grafana");
        Map<String, Object> app = (Map<String, Object>) services.get("app");
        assertThat(((Map<String, Object>) app.get("deploy")).get("replicas")).isEqualTo(2);
        assertThat(app.get("restart")).as("a node that stops on an error (e.g. the first start on an empty"
                + " database, racing the other to create the tables) is started again").isEqualTo("on-failure");
        assertThat(app).as("the nodes are reached through the proxy").doesNotContainKey("ports");
        assertThat(((Map<String, Object>) app.get("healthcheck")).get("test").toString())
                .contains("/actuator/health/readiness");
        Map<String, Object> environment = (Map<String, Object>) app.get("environment");
        assertThat(environment).containsKeys("RELANCE_MONITORING_PASSWORD", "RELANCE_LOG_FORMAT", "DB_URL");
        assertThat(app.get("stop_grace_period").toString()).isEqualTo("60s");
        for (String service : List.of("proxy", "prometheus", "grafana")) {
            for (Object volume : (List<Object>) ((Map<String, Object>) services.get(service)).get("volumes")) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(DOCKER.resolve(source.substring(2))).as(service + " mounts " + source).exists();
                }
            }
        }
        String caddy = Files.readString(DOCKER.resolve("Caddyfile"), StandardCharsets.UTF_8);
        assertThat(caddy).contains("dynamic a app 8080").contains("health_uri /actuator/health/readiness");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryNodeWithTheMonitoringAccount() throws IOException {
        Map<String, Object> config = yaml("prometheus/prometheus.yml");
        Map<String, Object> job = ((List<Map<String, Object>>) config.get("scrape_configs")).get(0);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(job.get("dns_sd_configs").toString()).contains("app");
        Map<String, Object> auth = (Map<String, Object>) job.get("basic_auth");
        assertThat(auth.get("username")).isEqualTo("prometheus");
        assertThat(DOCKER.resolve("prometheus/relance-password")).exists();
        assertThat(yaml("grafana/provisioning/datasources/prometheus.yaml").toString())
                .contains("http://prometheus:9090");
        assertThat(yaml("grafana/provisioning/dashboards/relance.yaml").toString())
                .contains("/var/lib/grafana/dashboards");
    }

    @Test
    void theDashboardQueriesMetricsTheCodeRegisters() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/relance.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("relance");
        Set<String> registered = new TreeSet<>();
        Pattern constant = Pattern.compile("\"(relance\\.[a-z.]+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = constant.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    registered.add(m.group(1).replace('.', '_'));
                }
            }
        }
        List<String> queried = new ArrayList<>();
        Pattern metric = Pattern.compile("\\b(relance_[a-z_]+)");
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                Matcher m = metric.matcher(target.path("expr").asText());
                while (m.find()) {
                    queried.add(m.group(1));
                }
            }
        }
        assertThat(queried).isNotEmpty();
        for (String name : queried) {
            String base = name.replaceAll("_(total|bucket|count|sum)$", "").replaceAll("_seconds$", "");
            assertThat(registered).as(name + " is registered by the code").contains(base);
        }
    }

    @Test
    void theImageIsLayeredAndChecksReadiness() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"), StandardCharsets.UTF_8);
        assertThat(dockerfile).contains("-Djarmode=tools -jar relance.jar extract --layers --launcher")
                .contains("COPY --from=layers /layers/extracted/dependencies/ ./")
                .contains("COPY --from=layers /layers/extracted/application/ ./")
                .contains("org.springframework.boot.loader.launch.JarLauncher")
                .contains("http://localhost:8080/actuator/health/readiness");
    }

    static final String COMMIT = "e37d7722a56375272c2cbbc1f00a454426c7f279";

    @Test
    @SuppressWarnings("unchecked")
    void theImageCarriesTheCommitGivenAsBuildArgumentsWithoutDotGit() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"), StandardCharsets.UTF_8);
        String buildStage = dockerfile.substring(dockerfile.indexOf(" AS build"), dockerfile.indexOf(" AS layers"));
        int mavenBuild = buildStage.indexOf("./mvnw -B");
        for (String argument : List.of("GIT_COMMIT", "GIT_COMMIT_TIME", "GIT_BRANCH", "GIT_DIRTY")) {
            assertThat(buildStage.indexOf("\nARG " + argument + "=")).as("the build stage declares " + argument)
                    .isPositive().isLessThan(mavenBuild);
        }
        assertThat(gitPropertiesScript(dockerfile)).contains("${GIT_COMMIT:-}")
                .contains("> src/main/resources/git.properties");
        assertThat(buildStage.indexOf("src/main/resources/git.properties")).isLessThan(mavenBuild);
        assertThat(buildStage.substring(mavenBuild)).as("the git-commit-id plugin, without .git, would write a"
                        + " git.properties without facts over the one the script wrote")
                .contains("-Dmaven.gitcommitid.skip=true");
        assertThat(Files.readString(DOCKER.resolve("Dockerfile.dockerignore"), StandardCharsets.UTF_8))
                .as(".git stays out of the build context").containsPattern("(?m)^\\.git/$");

        String composeFile = Files.readString(DOCKER.resolve("compose.yaml"), StandardCharsets.UTF_8);
        assertThat(composeFile).contains("GIT_COMMIT=$(git rev-parse HEAD) docker compose -f docker/compose.yaml up");
        Map<String, Object> services = (Map<String, Object>) yaml("compose.yaml").get("services");
        List<String> built = new ArrayList<>();
        services.forEach((name, service) -> {
            Map<String, Object> build = (Map<String, Object>) ((Map<String, Object>) service).get("build");
            if (build != null && "docker/Dockerfile".equals(build.get("dockerfile"))) {
                built.add(name);
                assertThat((Map<String, Object>) build.get("args")).as(name + " passes the commit to the build")
                        .containsEntry("GIT_COMMIT", "${GIT_COMMIT:-}")
                        .containsEntry("GIT_COMMIT_TIME", "${GIT_COMMIT_TIME:-}")
                        .containsEntry("GIT_BRANCH", "${GIT_BRANCH:-}")
                        .containsEntry("GIT_DIRTY", "${GIT_DIRTY:-}");
            }
        });
        assertThat(built).containsExactly("app");
    }

    @Test
    void theImageScriptWritesGitPropertiesAsTheGitCommitIdPluginDoes(@TempDir Path workspace)
            throws IOException, InterruptedException {
        Path file = workspace.resolve("src/main/resources/git.properties");
        Files.createDirectories(file.getParent());
        Path script = Files.writeString(workspace.resolve("git-properties.sh"), gitPropertiesScript(
                Files.readString(DOCKER.resolve("Dockerfile"), StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        assertThat(runGitPropertiesScript(script, Map.of("GIT_COMMIT", COMMIT.toUpperCase(),
                "GIT_COMMIT_TIME", "2025-06-30T14:05:09+02:00", "GIT_BRANCH", "main", "GIT_DIRTY", "false")))
                .as("exit code").isZero();
        Properties git = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            git.load(reader);
        }
        assertThat(git).containsOnly(Map.entry("git.commit.id", COMMIT), Map.entry("git.commit.id.abbrev", "e37d772"),
                Map.entry("git.commit.time", "2025-06-30T14:05:09+02:00"), Map.entry("git.branch", "main"),
                Map.entry("git.dirty", "false"));
        Files.delete(file);

        assertThat(runGitPropertiesScript(script, Map.of("GIT_COMMIT", "e37d772"))).isZero();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("git.commit.id=e37d772\n")
                .doesNotContain("git.commit.time").doesNotContain("git.branch").doesNotContain("git.dirty");
        Files.delete(file);

        assertThat(runGitPropertiesScript(script, Map.of("GIT_COMMIT", ""))).as("no commit, no file").isZero();
        assertThat(file).doesNotExist();
        for (Map<String, String> wrong : List.of(Map.of("GIT_COMMIT", "main"), Map.of("GIT_COMMIT", "e37d77"),
                Map.of("GIT_COMMIT", COMMIT + "0"), Map.of("GIT_COMMIT", "e37d772 x"),
                Map.of("GIT_COMMIT", COMMIT, "GIT_COMMIT_TIME", "2025-06-30 14:05:09"),
                Map.of("GIT_COMMIT", COMMIT, "GIT_BRANCH", "a branch"),
                Map.of("GIT_COMMIT", COMMIT, "GIT_DIRTY", "yes"), Map.of("GIT_BRANCH", "main"))) {
            assertThat(runGitPropertiesScript(script, wrong)).as("the build stops on " + wrong).isNotZero();
            assertThat(file).doesNotExist();
        }
    }

    /** The script of the Dockerfile's {@code RUN <<'GIT_PROPERTIES'} (a heredoc: the lines up to GIT_PROPERTIES). */
    private static String gitPropertiesScript(String dockerfile) {
        Matcher m = Pattern.compile("(?ms)^RUN <<'GIT_PROPERTIES'\n(.*?)^GIT_PROPERTIES$").matcher(dockerfile);
        assertThat(m.find()).as("docker/Dockerfile writes git.properties in a RUN <<'GIT_PROPERTIES' heredoc").isTrue();
        return m.group(1);
    }

    /**
     * Runs the script (written next to the workspace's {@code src}) as the image's build stage does ({@code sh}, the
     * build arguments in the environment).
     */
    private static int runGitPropertiesScript(Path script, Map<String, String> arguments)
            throws IOException, InterruptedException {
        Path workspace = script.getParent();
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", script.toString()).directory(workspace.toFile())
                .redirectErrorStream(true).redirectOutput(workspace.resolve("git-properties.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
        builder.environment().putAll(arguments);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the script ends").isTrue();
        return process.exitValue();
    }
}
