package io.relance.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker files cannot run here (no Docker): they are read as the tools would read them. YAML and JSON parse, the
 * compose file has its services wired as README says, the health checks use the readiness probe, Prometheus scrapes
 * the authenticated endpoint, and every Relance metric the Grafana dashboard queries is one the code registers.
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
}
