package io.relance.experiment;

import io.relance.channel.MessageChannel;
import io.relance.deployment.DeployedModels;
import io.relance.scenario.ScenarioVariables;
import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.repositoryService;

/**
 * An arm may choose the channel of a step: a split test, then a gateway on the arm to <em>Send email</em> or
 * <em>Send SMS</em>, deployed as Relance deploys scenarios (commercial sends wait for their arbitration).
 */
class ChannelMixProcessTest {

    static final String EXPERIMENT = "welcome-channel";

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension.builder(DeployedScenario.ENGINE)
            .assertClassCoverageAtLeast(1.0).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "dmn/experiments.dmn");

    /** The diagram: start, split test, gateway on the arm, email (default) or SMS, end. */
    static BpmnModelInstance channelMix() {
        return Bpmn.createExecutableProcess("channel-mix").camundaHistoryTimeToLive(30)
                .startEvent("StartEvent_Welcome").name("Welcome")
                .serviceTask("Task_SplitChannel").name("Split test: channel")
                .camundaDelegateExpression("${splitTest}")
                .camundaInputParameter(ScenarioVariables.EXPERIMENT.name(), EXPERIMENT)
                .camundaOutputParameter(ScenarioVariables.ARM.name(), "${arm}")
                .exclusiveGateway("Gateway_Channel").name("Which channel?")
                .sequenceFlowId("Flow_Email")
                .serviceTask("Task_SendEmail").name("Send email").camundaDelegateExpression("${sendEmail}")
                .camundaAsyncBefore()
                .camundaInputParameter("messageType", "welcome").camundaInputParameter("category", "commercial")
                .exclusiveGateway("Gateway_Join")
                .endEvent("EndEvent_Sent").name("Welcomed")
                .moveToNode("Gateway_Channel")
                .sequenceFlowId("Flow_Sms").condition("sms", "${arm == 'sms'}")
                .serviceTask("Task_SendSms").name("Send SMS").camundaDelegateExpression("${sendSms}")
                .camundaAsyncBefore()
                .camundaInputParameter("messageType", "welcome").camundaInputParameter("category", "commercial")
                .connectTo("Gateway_Join")
                .done();
    }

    @BeforeEach
    void deploy() {
        BpmnModelInstance model = channelMix();
        model.<org.camunda.bpm.model.bpmn.instance.ExclusiveGateway>getModelElementById("Gateway_Channel")
                .setDefault(model.getModelElementById("Flow_Email"));
        byte[] xml = Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8);
        repositoryService().createDeployment().name("channel mix")
                .addInputStream("channel-mix.bpmn", new ByteArrayInputStream(DeployedModels.asDeployed(xml)))
                .deploy();
    }

    @ParameterizedTest(name = "arm {0} → {1}")
    @CsvSource({"email, EMAIL, Task_SendEmail", "sms, SMS, Task_SendSms"})
    void theArmChoosesTheChannel(String arm, MessageChannel channel, String task) {
        scenario.splitTests().answer(EXPERIMENT, arm);
        ProcessInstance instance = scenario.engine().getRuntimeService().startProcessInstanceByKey("channel-mix",
                "lou", Variables.createVariables().putValue(ScenarioVariables.CONTACT_ID.name(), "lou"));

        assertThat(instance).isWaitingAt(task);
        scenario.sends().run(managementService().createJobQuery().processInstanceId(instance.getId())
                .singleResult());

        assertThat(scenario.sends().asked()).extracting(Sends.Send::channel).containsExactly(channel);
        assertThat(instance).hasPassed("EndEvent_Sent").isEnded();
    }
}
