package io.relance.event;

import io.relance.RelanceApplication;
import io.relance.support.ApiClient;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalogue file as a process designer uses it: the real application is started (and restarted) on a file
 * database with a scenario folder of the test's own, holding its own {@code bpmn/event-types.yaml}.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventCatalogStartUpTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String PASSWORD = "designer-secret-1";
    /** What the designer adds to the catalogue. */
    private static final String QUIZ_COMPLETED = """

            QuizCompleted:
              description: The contact completed a quiz of the shop (a type the shipped catalogue does not have).
              sentBy: integration
              fields:
                contestName:
                  type: string
                  required: true
                  description: The contest entered.
                  example: Grand jeu de Noël
                drawDate:
                  type: date
                  description: The day the winners are drawn.
                  example: 2026-12-24
            """;
    /** What the designer draws in the Modeler: a contest entry makes a task for the team running the contest. */
    private static final String CONTEST_BPMN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
                xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                id="Definitions_Contest" targetNamespace="http://relance.io/scenarios">
              <bpmn:message id="Message_QuizCompleted" name="QuizCompleted" />
              <bpmn:process id="quiz" name="Quiz" isExecutable="true" camunda:historyTimeToLive="P30D">
                <bpmn:startEvent id="StartEvent_QuizCompleted" name="Quiz completed">
                  <bpmn:outgoing>Flow_ToTask</bpmn:outgoing>
                  <bpmn:messageEventDefinition id="Def_QuizCompleted" messageRef="Message_QuizCompleted" />
                </bpmn:startEvent>
                <bpmn:sequenceFlow id="Flow_ToTask" sourceRef="StartEvent_QuizCompleted" targetRef="Task_CheckEntry" />
                <bpmn:userTask id="Task_CheckEntry" name="Check the entry" camunda:candidateGroups="sales">
                  <bpmn:incoming>Flow_ToTask</bpmn:incoming>
                  <bpmn:outgoing>Flow_ToEnd</bpmn:outgoing>
                </bpmn:userTask>
                <bpmn:sequenceFlow id="Flow_ToEnd" sourceRef="Task_CheckEntry" targetRef="EndEvent_Checked" />
                <bpmn:endEvent id="EndEvent_Checked" name="Checked">
                  <bpmn:incoming>Flow_ToEnd</bpmn:incoming>
                </bpmn:endEvent>
              </bpmn:process>
              <bpmndi:BPMNDiagram id="Diagram_Contest">
                <bpmndi:BPMNPlane id="Plane_Contest" bpmnElement="quiz">
                  <bpmndi:BPMNShape id="StartEvent_QuizCompleted_di" bpmnElement="StartEvent_QuizCompleted">
                    <dc:Bounds x="152" y="102" width="36" height="36" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Task_CheckEntry_di" bpmnElement="Task_CheckEntry">
                    <dc:Bounds x="240" y="80" width="100" height="80" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="EndEvent_Checked_di" bpmnElement="EndEvent_Checked">
                    <dc:Bounds x="392" y="102" width="36" height="36" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNEdge id="Flow_ToTask_di" bpmnElement="Flow_ToTask">
                    <di:waypoint x="188" y="120" />
                    <di:waypoint x="240" y="120" />
                  </bpmndi:BPMNEdge>
                  <bpmndi:BPMNEdge id="Flow_ToEnd_di" bpmnElement="Flow_ToEnd">
                    <di:waypoint x="340" y="120" />
                    <di:waypoint x="392" y="120" />
                  </bpmndi:BPMNEdge>
                </bpmndi:BPMNPlane>
              </bpmndi:BPMNDiagram>
            </bpmn:definitions>
            """;

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start(Path scenarioDir) {
        return new SpringApplicationBuilder(RelanceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/relance") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--relance.scenario-dir=" + scenarioDir,
                "--relance.security.admin-password=" + PASSWORD,
                "--relance.security.integration-password=",
                "--camunda.bpm.generate-unique-process-engine-name=true",
                "--camunda.bpm.generate-unique-process-application-name=true",
                "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.webapp.enabled=false");
    }

    /** A scenario folder with the shipped catalogue and the designer's new diagram. */
    private Path scenarios() throws IOException {
        Path scenarios = dir.resolve("scenarios");
        Files.createDirectories(scenarios.resolve("bpmn"));
        Files.copy(PROJECT.resolve(EventCatalogFile.NAME), scenarios.resolve(EventCatalogFile.NAME));
        Files.writeString(scenarios.resolve("bpmn/quiz.bpmn"), CONTEST_BPMN);
        return scenarios;
    }

    private static ApiClient admin(ConfigurableApplicationContext app) {
        return ApiClient.as(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")), "admin",
                PASSWORD);
    }

    @Test
    void aDesignerAddsAnEventTypeDrawsAScenarioOnItRestartsAndItRuns() throws IOException {
        Path scenarios = scenarios();
        // Drawn on a type the catalogue does not have yet: refused, saying where to declare it.
        assertThatThrownBy(() -> start(scenarios)).satisfies(e -> assertThat(rootMessages(e))
                .contains("quiz.bpmn", "StartEvent_QuizCompleted", "'QuizCompleted'",
                        "add it to bpmn/event-types.yaml"));

        Files.writeString(scenarios.resolve(EventCatalogFile.NAME), QUIZ_COMPLETED,
                java.nio.file.StandardOpenOption.APPEND);
        try (ConfigurableApplicationContext app = start(scenarios)) {
            assertThat(app.getBean(RepositoryService.class).createProcessDefinitionQuery()
                    .processDefinitionKey("quiz").count()).isOne();
            ApiClient api = admin(app);
            assertThat(api.put("/api/contacts/lea", """
                    {"email": "lea@example.com", "firstName": "Léa"}""").status()).isEqualTo(201);

            ApiClient.Response missing = api.post("/api/events", """
                    {"eventId": "contest-1", "type": "QuizCompleted", "contactId": "lea",
                     "occurredAt": "2026-12-01T10:00:00+01:00", "data": {"drawDate": "24/12/2026"}}""");
            assertThat(missing.status()).as(missing.body()).isEqualTo(400);
            assertThat(missing.contentType()).startsWith("application/problem+json");
            assertThat(missing.json().path("errors").toString())
                    .contains("data.contestName", "is required for QuizCompleted")
                    .contains("data.drawDate", "must be a date (YYYY-MM-DD)");

            ApiClient.Response accepted = api.post("/api/events", """
                    {"eventId": "contest-1", "type": "QuizCompleted", "contactId": "lea",
                     "occurredAt": "2026-12-01T10:00:00+01:00",
                     "data": {"contestName": "Grand jeu de Noël", "drawDate": "2026-12-24", "answer": "B"}}""");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String instanceId = accepted.json().path("startedInstances").get(0).asText();
            Map<String, Object> variables = app.getBean(RuntimeService.class).getVariables(instanceId);
            assertThat(variables).containsEntry("contestName", "Grand jeu de Noël")
                    .containsEntry("drawDate", "2026-12-24")
                    .as("a field the catalogue does not declare is kept").containsEntry("answer", "B");

            ApiClient.Response type = api.get("/api/event-types/QuizCompleted");
            assertThat(type.status()).as(type.body()).isEqualTo(200);
            assertThat(type.json().path("sentBy").asText()).isEqualTo("integration");
            assertThat(type.json().path("fields").get(1).path("type").asText()).isEqualTo("date");
        }
    }

    @Test
    void aMalformedCatalogueStopsStartUpNamingFileAndLine(CapturedOutput output) throws IOException {
        Path scenarios = scenarios();
        Path catalogue = scenarios.resolve(EventCatalogFile.NAME);
        Files.writeString(catalogue, QUIZ_COMPLETED.replace("type: date\n", "type: day\n"),
                java.nio.file.StandardOpenOption.APPEND);
        long line = Files.readAllLines(catalogue).indexOf("      type: day") + 1;
        assertThatThrownBy(() -> start(scenarios)).satisfies(e -> {
            EventCatalogException failure = catalogueFailure(e);
            assertThat(failure.file()).isEqualTo(catalogue.toString());
            assertThat(failure.line()).isEqualTo(line);
        });
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
                .contains("The event catalogue cannot be read: " + catalogue + ", line " + line
                        + ": QuizCompleted.fields.drawDate has the unknown type 'day'")
                .contains("Fix " + catalogue + " at line " + line);
    }

    private static EventCatalogException catalogueFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EventCatalogException failure) {
                return failure;
            }
        }
        throw new AssertionError("start-up failed, but not with an event catalogue error", e);
    }

    private static String rootMessages(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
