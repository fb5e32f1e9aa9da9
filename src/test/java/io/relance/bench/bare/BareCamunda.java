package io.relance.bench.bare;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;

/**
 * Bare Camunda as a new user sets it up, for the ingestion benchmark's reference (a program, not a test): Camunda 7's
 * Spring Boot starter with its REST API, history level FULL, Camunda's defaults otherwise, none of Relance's beans or
 * settings (its own configuration name, so Relance's {@code application.yaml} is not read), on a MariaDB database of
 * its own. The benchmark starts it in a JVM of its own: {@code BareCamunda <jdbc-url> <user> <password> <threads>}. It
 * deploys the benchmark's trivial process (a message start event, then the end) and the welcome line's reference (a
 * message start event, then a timer: the instance waits, as a welcome instance does after its email) and prints
 * {@code READY <port>}.
 * Its profile keeps it out of Relance's own component scan (its exclusions would otherwise apply there too).
 */
@SpringBootApplication(excludeName = {
        // The REST API open, as the starter leaves it (no Spring Security in a bare Camunda application).
        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration"})
@Profile(BareCamunda.PROFILE)
public class BareCamunda {

    public static final String MESSAGE = "BenchmarkPingBare";
    /** Starts {@link #waitingProcess()}: the reference of the welcome line's load test ({@code welcome-load.sh}). */
    public static final String WAITING_MESSAGE = "BenchmarkPingBareWaiting";
    static final String PROFILE = "bare-camunda";

    public static void main(String[] args) {
        if (args.length != 4) {
            throw new IllegalArgumentException("Usage: BareCamunda <jdbc-url> <user> <password> <tomcat-threads>");
        }
        ConfigurableApplicationContext app = new SpringApplicationBuilder(BareCamunda.class).profiles(PROFILE).run(
                "--spring.config.name=bare-camunda",
                "--server.port=0",
                "--server.tomcat.threads.max=" + args[3],
                "--spring.datasource.url=" + args[0],
                "--spring.datasource.username=" + args[1],
                "--spring.datasource.password=" + args[2],
                // Camunda 7.24 on MariaDB: the MySQL dialect and READ COMMITTED.
                "--spring.datasource.hikari.transaction-isolation=TRANSACTION_READ_COMMITTED",
                "--camunda.bpm.database.type=mysql",
                "--camunda.bpm.history-level=full",
                "--camunda.bpm.auto-deployment-enabled=false",
                "--camunda.bpm.webapp.enabled=false",
                // Relance's own schema and registries stay out of this database.
                "--spring.flyway.enabled=false",
                "--spring.jpa.hibernate.ddl-auto=none",
                "--spring.modulith.events.jdbc.schema-initialization.enabled=false",
                "--logging.level.root=WARN");
        RepositoryService repositoryService = app.getBean(RepositoryService.class);
        repositoryService.createDeployment().name("benchmark")
                .addModelInstance("benchmark-ping-bare.bpmn", trivialProcess())
                .addModelInstance("benchmark-ping-bare-waiting.bpmn", waitingProcess()).deploy();
        System.out.println("READY " + ((WebServerApplicationContext) app).getWebServer().getPort());
    }

    /** The trivial process of the bare paths, deployed here and in Relance's engine: {@link #MESSAGE}, then the end. */
    public static BpmnModelInstance trivialProcess() {
        return Bpmn.createExecutableProcess("benchmark-ping-bare").camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_BenchmarkPingBare").message(MESSAGE)
                .endEvent("EndEvent_Done").done();
    }

    /**
     * {@link #WAITING_MESSAGE}, then a timer of an hour (the instance, its timer job and its history stay in the
     * database, as a scenario's do), then the end.
     */
    public static BpmnModelInstance waitingProcess() {
        return Bpmn.createExecutableProcess("benchmark-ping-bare-waiting").camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_BenchmarkPingBareWaiting").message(WAITING_MESSAGE)
                .intermediateCatchEvent("Timer_AnHour").timerWithDuration("PT1H")
                .endEvent("EndEvent_Done").done();
    }
}
