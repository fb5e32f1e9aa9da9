package io.relance.deployment;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The deploy-time scenario check: the shipped catalogue passes it, and each rule refuses what it should. */
class ScenarioLintTest {

    private static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
              <bpmn:message id="Message_Start" name="%s" />
              <bpmn:process id="p" isExecutable="true" %s>
                <bpmn:startEvent id="StartEvent_Trigger">
                  <bpmn:outgoing>Flow_1</bpmn:outgoing>
                  <bpmn:messageEventDefinition messageRef="Message_Start" />
                </bpmn:startEvent>
            """;
    private static final String TAIL = """
              </bpmn:process>
            </bpmn:definitions>
            """;

    /** The shipped catalogue, bpmn/event-types.yaml. */
    private static final java.util.Set<String> EVENT_TYPES = io.relance.event.EventCatalog.of("").names();

    private static List<String> check(String messageName, String htl, String body) {
        String xml = HEAD.formatted(messageName, htl) + body + TAIL;
        return ScenarioLint.check("bpmn/test.bpmn", xml.getBytes(StandardCharsets.UTF_8), EVENT_TYPES);
    }

    private static final String HTL = "camunda:historyTimeToLive=\"P30D\"";

    /** start → gateway → (a) send email → end, (b) end [marked or not]. */
    private static String gateway(String silentEnd) {
        return """
                    <bpmn:exclusiveGateway id="Gateway_Eligible" default="Flow_No">
                      <bpmn:incoming>Flow_1</bpmn:incoming>
                      <bpmn:outgoing>Flow_Yes</bpmn:outgoing>
                      <bpmn:outgoing>Flow_No</bpmn:outgoing>
                    </bpmn:exclusiveGateway>
                    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Trigger" targetRef="Gateway_Eligible" />
                    <bpmn:sequenceFlow id="Flow_Yes" name="eligible" sourceRef="Gateway_Eligible" targetRef="Task_Send">
                      <bpmn:conditionExpression>${eligible}</bpmn:conditionExpression>
                    </bpmn:sequenceFlow>
                    <bpmn:serviceTask id="Task_Send" camunda:delegateExpression="${sendEmail}">
                      <bpmn:extensionElements><camunda:inputOutput>
                        <camunda:inputParameter name="messageType">welcome</camunda:inputParameter>
                      </camunda:inputOutput></bpmn:extensionElements>
                      <bpmn:incoming>Flow_Yes</bpmn:incoming>
                      <bpmn:outgoing>Flow_Sent</bpmn:outgoing>
                    </bpmn:serviceTask>
                    <bpmn:sequenceFlow id="Flow_Sent" sourceRef="Task_Send" targetRef="EndEvent_Sent" />
                    <bpmn:endEvent id="EndEvent_Sent"><bpmn:incoming>Flow_Sent</bpmn:incoming></bpmn:endEvent>
                    <bpmn:sequenceFlow id="Flow_No" sourceRef="Gateway_Eligible" targetRef="Timer_Wait" />
                    <bpmn:intermediateCatchEvent id="Timer_Wait">
                      <bpmn:incoming>Flow_No</bpmn:incoming>
                      <bpmn:outgoing>Flow_Waited</bpmn:outgoing>
                      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
                    </bpmn:intermediateCatchEvent>
                    <bpmn:sequenceFlow id="Flow_Waited" sourceRef="Timer_Wait" targetRef="EndEvent_Silent" />
                """ + silentEnd;
    }

    @Test
    void theShippedCatalogueOfScenariosPasses() throws IOException {
        List<String> problems = new ArrayList<>();
        int files = 0;
        try (Stream<Path> bpmn = Files.list(Path.of("bpmn"))) {
            for (Path file : bpmn.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
                problems.addAll(ScenarioLint.check(file.toString(), Files.readAllBytes(file), EVENT_TYPES));
                files++;
            }
        }
        assertThat(files).isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void aBranchEndingWithoutActionIsRefusedUnlessMarkedAsADeliberateExit() {
        List<String> problems = check("CartAbandoned", HTL, gateway("""
                    <bpmn:endEvent id="EndEvent_Silent"><bpmn:incoming>Flow_Waited</bpmn:incoming></bpmn:endEvent>
                """));
        assertThat(problems).singleElement().asString()
                .contains("bpmn/test.bpmn", "Gateway_Eligible", "Flow_No", "EndEvent_Silent", "without any action");

        assertThat(check("CartAbandoned", HTL, gateway("""
                    <bpmn:endEvent id="EndEvent_Silent">
                      <bpmn:extensionElements><camunda:properties>
                        <camunda:property name="exit" value="not_eligible" />
                      </camunda:properties></bpmn:extensionElements>
                      <bpmn:incoming>Flow_Waited</bpmn:incoming>
                    </bpmn:endEvent>
                """))).isEmpty();
    }

    /**
     * The same diagram as a tool other than Camunda Modeler (or a hand) may write it: flows only as
     * {@code sourceRef}/{@code targetRef}, without the optional {@code <bpmn:incoming>}/{@code <bpmn:outgoing>}
     * children, which the engine ignores.
     */
    private static String withoutIncomingOutgoing(String xml) {
        return xml.replaceAll("\\s*<bpmn:(incoming|outgoing)>[^<]*</bpmn:(incoming|outgoing)>", "");
    }

    @Test
    void aSilentBranchIsRefusedAlsoWhenFlowsAreWrittenOnlyAsSourceAndTargetRefs() {
        String silent = withoutIncomingOutgoing(HEAD.formatted("CartAbandoned", HTL) + gateway("""
                    <bpmn:endEvent id="EndEvent_Silent" />
                """) + TAIL);
        assertThat(silent).doesNotContain("<bpmn:incoming>", "<bpmn:outgoing>");

        assertThat(ScenarioLint.check("bpmn/hand-written.bpmn", silent.getBytes(StandardCharsets.UTF_8),
                EVENT_TYPES))
                .singleElement().asString().contains("bpmn/hand-written.bpmn", "Gateway_Eligible", "Flow_No",
                        "EndEvent_Silent", "without any action");
    }

    @Test
    void anActionOnTheBranchPassesAlsoWhenFlowsAreWrittenOnlyAsSourceAndTargetRefs() {
        String acted = withoutIncomingOutgoing(HEAD.formatted("CartAbandoned", HTL) + gateway("""
                    <bpmn:endEvent id="EndEvent_Silent" />
                """) + TAIL).replace(
                "<bpmn:sequenceFlow id=\"Flow_Waited\" sourceRef=\"Timer_Wait\" targetRef=\"EndEvent_Silent\" />", """
                    <bpmn:sequenceFlow id="Flow_Waited" sourceRef="Timer_Wait" targetRef="Task_CallBack" />
                    <bpmn:userTask id="Task_CallBack" name="Call the contact" />
                    <bpmn:sequenceFlow id="Flow_Called" sourceRef="Task_CallBack" targetRef="EndEvent_Silent" />""");
        assertThat(acted).contains("Task_CallBack").doesNotContain("<bpmn:outgoing>");

        assertThat(ScenarioLint.check("bpmn/hand-written.bpmn", acted.getBytes(StandardCharsets.UTF_8),
                EVENT_TYPES)).isEmpty();
    }

    @Test
    void aSilentPathFromABoundaryEventOfANodeOnTheBranchIsRefused() {
        // The branch waits in a business rule task (no action) whose timer boundary event ends silently.
        String xml = withoutIncomingOutgoing(HEAD.formatted("CartAbandoned", HTL) + gateway("""
                    <bpmn:endEvent id="EndEvent_Silent" />
                """) + TAIL).replace(
                "<bpmn:sequenceFlow id=\"Flow_Waited\" sourceRef=\"Timer_Wait\" targetRef=\"EndEvent_Silent\" />", """
                    <bpmn:sequenceFlow id="Flow_Waited" sourceRef="Timer_Wait" targetRef="Task_Decide" />
                    <bpmn:businessRuleTask id="Task_Decide" camunda:decisionRef="d" />
                    <bpmn:sequenceFlow id="Flow_Decided" sourceRef="Task_Decide" targetRef="Task_CallBack" />
                    <bpmn:userTask id="Task_CallBack" name="Call the contact" />
                    <bpmn:sequenceFlow id="Flow_Called" sourceRef="Task_CallBack" targetRef="EndEvent_Silent" />
                    <bpmn:boundaryEvent id="Boundary_TooLong" attachedToRef="Task_Decide">
                      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
                    </bpmn:boundaryEvent>
                    <bpmn:sequenceFlow id="Flow_TooLong" sourceRef="Boundary_TooLong" targetRef="EndEvent_TooLong" />
                    <bpmn:endEvent id="EndEvent_TooLong" />""");

        assertThat(ScenarioLint.check("bpmn/hand-written.bpmn", xml.getBytes(StandardCharsets.UTF_8), EVENT_TYPES))
                .singleElement().asString().contains("bpmn/hand-written.bpmn", "Flow_No", "EndEvent_TooLong");
    }

    @Test
    void anUndocumentedStartMessageIsRefused() {
        assertThat(check("CartAbandonned", HTL, """
                    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Trigger" targetRef="EndEvent_Done" />
                    <bpmn:endEvent id="EndEvent_Done"><bpmn:incoming>Flow_1</bpmn:incoming></bpmn:endEvent>
                """)).singleElement().asString().contains("StartEvent_Trigger", "'CartAbandonned'",
                "not a documented event type");
    }

    @Test
    void aSendTaskNeedsAMessageTypeThatATemplateKnows() {
        String send = """
                    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Trigger" targetRef="Task_Send" />
                    <bpmn:serviceTask id="Task_Send" camunda:delegateExpression="${sendEmail}">
                      %s
                      <bpmn:incoming>Flow_1</bpmn:incoming>
                    </bpmn:serviceTask>
                """;
        assertThat(check("CartAbandoned", HTL, send.formatted(""))).singleElement().asString()
                .contains("Task_Send", "has no message type");
        assertThat(check("CartAbandoned", HTL, send.formatted("""
                <bpmn:extensionElements><camunda:inputOutput>
                  <camunda:inputParameter name="messageType">no-such-message</camunda:inputParameter>
                </camunda:inputOutput></bpmn:extensionElements>"""))).singleElement().asString()
                .contains("Task_Send", "'no-such-message'", "no template");
    }

    @Test
    void anEndlessTimerCycleIsRefused() {
        String timer = """
                    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Trigger" targetRef="Timer_Repeat" />
                    <bpmn:intermediateCatchEvent id="Timer_Repeat">
                      <bpmn:incoming>Flow_1</bpmn:incoming>
                      <bpmn:timerEventDefinition><bpmn:timeCycle>%s</bpmn:timeCycle></bpmn:timerEventDefinition>
                    </bpmn:intermediateCatchEvent>
                """;
        assertThat(check("CartAbandoned", HTL, timer.formatted("R/PT1H"))).singleElement().asString()
                .contains("Timer_Repeat", "repeats without end");
        assertThat(check("CartAbandoned", HTL, timer.formatted("0 0 9 * * ?"))).hasSize(1);
        assertThat(check("CartAbandoned", HTL, timer.formatted("R3/P1D"))).isEmpty();
    }

    @Test
    void aProcessWithoutHistoryTimeToLiveIsRefused() {
        assertThat(check("CartAbandoned", "", """
                    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Trigger" targetRef="EndEvent_Done" />
                    <bpmn:endEvent id="EndEvent_Done"><bpmn:incoming>Flow_1</bpmn:incoming></bpmn:endEvent>
                """)).singleElement().asString().contains("'p'", "historyTimeToLive");
    }
}
