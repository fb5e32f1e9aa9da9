package io.relance.scenario;

import io.relance.channel.MessageChannel;
import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;

/**
 * The SMS follow-up of an email on the real engine as Relance deploys it (its SMS task waits for its arbitration):
 * the SMS of the same message type after smsAfter without a reaction; an open or a click of that email ends it;
 * a reaction to another email does not. Coverage must reach 90%.
 */
class SmsFollowUpProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/sms-follow-up.bpmn");

    private static final Instant NOW = Instant.parse("2026-11-24T09:30:00Z");

    @BeforeEach
    void clock() {
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    /** As the arbitration worker starts it after sending the email {@code email-1}. */
    private ProcessInstance start() {
        return scenario.engine().getRuntimeService().startProcessInstanceByKey(SmsFollowUp.PROCESS_KEY, "marie",
                Variables.createVariables()
                        .putValue(ScenarioVariables.CONTACT_ID.name(), "marie")
                        .putValue(SmsFollowUp.FOLLOWED_COMMUNICATION_ID.name(), "email-1")
                        .putValue(SmsFollowUp.FOLLOWED_MESSAGE_TYPE.name(), "cart-reminder-2")
                        .putValue(SmsFollowUp.FOLLOWED_SCENARIO.name(), AbandonedCart.PROCESS_KEY)
                        .putValue(SmsFollowUp.SMS_AFTER.name(), "PT24H")
                        .putValue("cartUrl", "https://shop.example.com/cart/81"));
    }

    private static Job job(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).singleResult();
    }

    private void react(String type, String communicationId) {
        scenario.event(type, "marie", Map.of(ScenarioVariables.COMMUNICATION_ID.name(), communicationId,
                ScenarioVariables.MESSAGE_TYPE.name(), "other"));
    }

    @Test
    void withoutAReactionTheSameMessageGoesBySmsAfterTheDelay() {
        ProcessInstance instance = start();
        assertThat(instance).isWaitingAt(SmsFollowUp.GATEWAY_REACTION_OR_TIME);
        assertThat(job(instance)).hasDueDate(Date.from(Instant.parse("2026-11-25T09:30:00Z")));

        ClockUtil.setCurrentTime(job(instance).getDuedate());
        execute(job(instance));
        scenario.sends().run(job(instance));

        assertThat(scenario.sends().asked()).hasSize(1);
        Sends.Send sms = scenario.sends().asked().get(0);
        assertThat(sms.channel()).isEqualTo(MessageChannel.SMS);
        assertThat(sms.typeAndCategory()).isEqualTo("cart-reminder-2/commercial");
        assertThat(sms.variable("cartUrl")).isEqualTo("https://shop.example.com/cart/81");
        assertThat(instance).hasPassed(SmsFollowUp.TIMER_NO_REACTION, SmsFollowUp.END_SMS_SENT).isEnded();
    }

    @Test
    void anOpenOfThatEmailEndsItWithoutSms() {
        ProcessInstance instance = start();

        react(EventType.EMAIL_OPENED, "email-1");

        assertThat(instance).hasPassed(SmsFollowUp.EVENT_EMAIL_OPENED, SmsFollowUp.GATEWAY_JOIN_REACTION,
                SmsFollowUp.END_REACTED).isEnded();
        assertThat(scenario.sends().asked()).isEmpty();
    }

    @Test
    void aReactionToAnotherMessageLeavesItWaitingThenAClickOfThatEmailEndsIt() {
        ProcessInstance instance = start();

        react(EventType.LINK_CLICKED, "email-0");
        react(EventType.EMAIL_OPENED, "email-2");

        assertThat(instance).isWaitingAt(SmsFollowUp.GATEWAY_REACTION_OR_TIME)
                .hasPassed(SmsFollowUp.GATEWAY_THIS_EMAIL, SmsFollowUp.GATEWAY_JOIN_WAIT);
        assertThat(job(instance)).as("a new timer for the rest of the delay").isNotNull();

        react(EventType.LINK_CLICKED, "email-1");

        assertThat(instance).hasPassed(SmsFollowUp.EVENT_LINK_CLICKED, SmsFollowUp.END_REACTED).isEnded();
        assertThat(scenario.sends().asked()).isEmpty();
    }
}
