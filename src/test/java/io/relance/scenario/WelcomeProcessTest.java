package io.relance.scenario;

import io.relance.channel.MessageChannel;
import io.relance.support.DeployedScenario;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

/** The welcome scenario on the real engine, without Spring: DMN-decided delay, timer, unsubscribe. */
class WelcomeProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/welcome.bpmn", "dmn/welcome-settings.dmn");

    /** The channels are tested elsewhere; here only that the scenario asks for the right messages. */
    private List<String> sentMessageTypes() {
        return scenario.sends().asked().stream().map(send ->
                (send.channel() == MessageChannel.SMS ? "sms:" : "") + send.typeAndCategory()).toList();
    }

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    private ProcessInstance subscribe(String source) {
        return subscribe(Variables.createVariables().putValue(Welcome.SOURCE.name(), source));
    }

    /** Marie subscribes at NOW with the event's data; her welcome email is sent. */
    private ProcessInstance subscribe(VariableMap data) {
        org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(Date.from(NOW));
        ProcessInstance instance = scenario.start(Welcome.MESSAGE_START, "marie", data
                .putValue(ScenarioVariables.CONTACT_ID.name(), "marie"));
        assertThat(instance).isWaitingAt(Welcome.TASK_SEND_WELCOME_EMAIL);
        scenario.sends().run(managementService().createJobQuery().processInstanceId(instance.getId()).singleResult());
        assertThat(sentMessageTypes()).containsExactly("welcome/commercial");
        return instance;
    }

    /** An event without a source field: the decision reads the missing variable as null (the default rule). */
    @Test
    void withoutASourceTheDefaultDelay() {
        ProcessInstance instance = subscribe(Variables.createVariables());

        assertThat(instance).isWaitingAt(Welcome.GATEWAY_REACTION_OR_DELAY);
        assertThat(instance).variables().containsEntry(Welcome.REMINDER_DELAY.name(), "P3D")
                .doesNotContainKey(Welcome.SOURCE.name());
        assertThat(timer(instance)).hasDueDate(Date.from(NOW.plus(3, ChronoUnit.DAYS)));
    }

    private static Job timer(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
    }

    @ParameterizedTest(name = "source {0} waits {1} day(s)")
    @CsvSource(nullValues = "null", value = {"checkout, 1", "popup, 2", "footer, 3", "null, 3"})
    void waitsTheDelayDecidedForTheSubscriptionSource(String source, int days) {
        ProcessInstance instance = subscribe(source);

        assertThat(instance).isStarted().hasPassed(Welcome.TASK_DECIDE_SETTINGS)
                .isWaitingAt(Welcome.GATEWAY_REACTION_OR_DELAY);
        assertThat(instance).variables().containsEntry(Welcome.REMINDER_DELAY.name(), "P" + days + "D");
        assertThat(timer(instance)).hasDueDate(Date.from(NOW.plus(days, ChronoUnit.DAYS)));
    }

    private void correlate(String message) {
        runtimeService().createMessageCorrelation(message).processInstanceBusinessKey("marie").correlate();
    }

    private void runSend(ProcessInstance instance) {
        scenario.sends().run(managementService().createJobQuery().processInstanceId(instance.getId()).singleResult());
    }

    @Test
    void anOpenedWelcomeEndsTheSeries() {
        ProcessInstance instance = subscribe("popup");

        correlate(EventType.EMAIL_OPENED);

        assertThat(instance).hasPassed(Welcome.EVENT_WELCOME_OPENED, Welcome.END_OPENED).isEnded();
        assertThat(sentMessageTypes()).containsExactly("welcome/commercial");
    }

    @Test
    void stopsWhenTheContactUnsubscribesMeanwhile() {
        ProcessInstance instance = subscribe("checkout");

        correlate(EventType.UNSUBSCRIBED);

        assertThat(instance).hasPassed(Welcome.EVENT_UNSUBSCRIBED, Welcome.END_UNSUBSCRIBED)
                .hasNotPassed(Welcome.TASK_SEND_REMINDER).isEnded();
    }

    /** Subscribed at NOW; the welcome delay (3 days for this source) elapses and the second email goes out. */
    private ProcessInstance notOpenedThenReminded() {
        ProcessInstance instance = subscribe("footer");
        org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(Date.from(NOW.plus(3, ChronoUnit.DAYS)));
        execute(timer(instance));
        assertThat(instance).isWaitingAt(Welcome.TASK_SEND_REMINDER);
        runSend(instance);
        assertThat(instance).isWaitingAt(Welcome.GATEWAY_REACTION_TO_REMINDER);
        assertThat(sentMessageTypes()).containsExactly("welcome/commercial", "welcome-reminder/commercial");
        return instance;
    }

    @Test
    void withoutReactionASecondEmailThenFourDaysLaterAnSms() {
        ProcessInstance instance = notOpenedThenReminded();
        assertThat(timer(instance)).hasDueDate(Date.from(NOW.plus(7, ChronoUnit.DAYS)));

        execute(timer(instance));
        runSend(instance);

        assertThat(instance).hasPassed(Welcome.TIMER_SMS_DELAY, Welcome.TASK_SEND_SMS, Welcome.END_COMPLETED)
                .isEnded();
        assertThat(sentMessageTypes()).containsExactly("welcome/commercial", "welcome-reminder/commercial",
                "sms:welcome/commercial");
    }

    @Test
    void theSecondEmailOpenedEndsTheSeriesWithoutSms() {
        ProcessInstance instance = notOpenedThenReminded();
        correlate(EventType.EMAIL_OPENED);
        assertThat(instance).hasPassed(Welcome.END_REMINDER_OPENED).hasNotPassed(Welcome.TASK_SEND_SMS).isEnded();
    }

    @Test
    void anUnsubscribeAfterTheSecondEmailEndsTheSeries() {
        ProcessInstance instance = notOpenedThenReminded();
        correlate(EventType.UNSUBSCRIBED);
        assertThat(instance).hasPassed(Welcome.END_UNSUBSCRIBED_AFTER_REMINDER).isEnded();
    }
}
