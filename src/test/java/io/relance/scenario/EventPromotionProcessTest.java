package io.relance.scenario;

import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

/**
 * The event promotion scenario on the real engine, without Spring: invitation at once; reminder after P3D when the
 * invitation is not opened (an open of another email does not count), never later than the last call; last call
 * the day before the event at 09:00 Paris time; an event too close or already begun. Flow-node and sequence-flow
 * coverage of the class must reach 90%.
 */
class EventPromotionProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/event-promotion.bpmn");

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final String EVENT_DATE = "2026-12-10T19:30:00+01:00";
    private static final Instant LAST_CALL = Instant.parse("2026-12-09T08:00:00Z");

    /** What the scenario asked to send; each send gets a communication id of its own (the invitation's is kept). */
    private List<String> sent() {
        return scenario.sends().asked().stream().map(Sends.Send::typeAndCategory).toList();
    }

    @BeforeEach
    void bindBeans() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        Mocks.register("eventDates", new EventDates(EngineClock.INSTANCE));
        Mocks.register("promotionRegistrations", new PromotionRegistrations());
        Mocks.register("contactSegments", new Segments());
    }

    /** Marie's attributes, for the segment check (in Relance: contact.ContactSegments on the stored contact). */
    public static final class Segments {
        public boolean matches(String contactId, Object segment) {
            return segment == null || segment.toString().replace(" ", "").equals("{\"interest\":\"travel\"}");
        }
    }

    /** Publishes the event to the contact and sends the invitation (a commercial send: arbitrated, no job). */
    private ProcessInstance publish(String eventDate) {
        return publish(eventDate, null);
    }

    private ProcessInstance publish(String eventDate, Object segment) {
        ProcessInstance instance = scenario.start(EventPromotion.MESSAGE_START, "marie", Variables.createVariables()
                .putValue(ScenarioVariables.CONTACT_ID.name(), "marie")
                .putValue(EventPromotion.EVENT_NAME.name(), "Salon du voyage")
                .putValue(EventPromotion.EVENT_DATE.name(), eventDate)
                .putValue(EventPromotion.EVENT_URL.name(), "https://www.example.com/salon")
                .putValue(EventPromotion.SEGMENT, segment == null ? null
                        : org.camunda.spin.plugin.variable.SpinValues.jsonValue(segment.toString()).create()));
        if (!instance.isEnded()) {
            assertThat(instance).isWaitingAt(EventPromotion.TASK_SEND_INVITATION);
            scenario.sends().run(sendJob(instance));
        }
        return instance;
    }

    private static Job timer(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
    }

    private static Job sendJob(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).messages().singleResult();
    }

    private static void fire(Job timer) {
        ClockUtil.setCurrentTime(timer.getDuedate());
        execute(timer);
    }

    private static void opened(String communicationId) {
        runtimeService().createMessageCorrelation(EventType.EMAIL_OPENED)
                .processInstanceBusinessKey("marie")
                .setVariables(Variables.createVariables()
                        .putValue(ScenarioVariables.COMMUNICATION_ID.name(), communicationId)
                        .putValue("messageType", "whatever"))
                .correlateAll();
    }

    private void lastCall(ProcessInstance instance) {
        assertThat(instance).isWaitingAt(EventPromotion.TIMER_LAST_CALL_TIME);
        assertThat(timer(instance)).hasDueDate(Date.from(LAST_CALL));
        fire(timer(instance));
        assertThat(instance).isWaitingAt(EventPromotion.TASK_SEND_LAST_CALL);
        scenario.sends().run(sendJob(instance));
        assertThat(instance).hasPassed(EventPromotion.END_PROMOTED).isEnded();
    }

    @Test
    void notOpenedGetsAReminderAfterThreeDaysThenTheLastCall() {
        ProcessInstance instance = publish(EVENT_DATE);

        assertThat(sent()).containsExactly("event-invitation/commercial");
        assertThat(instance).isWaitingAt(EventPromotion.GATEWAY_OPENED_OR_REMINDER_TIME);
        assertThat(timer(instance)).hasDueDate(Date.from(Instant.parse("2026-11-26T09:00:00Z")));

        fire(timer(instance));
        assertThat(instance).isWaitingAt(EventPromotion.TASK_SEND_REMINDER);
        scenario.sends().run(sendJob(instance));
        assertThat(sent()).containsExactly("event-invitation/commercial", "event-reminder/commercial");

        lastCall(instance);
        assertThat(sent()).containsExactly("event-invitation/commercial", "event-reminder/commercial",
                "event-last-call/commercial");
    }

    @Test
    void openingTheInvitationSkipsTheReminder() {
        ProcessInstance instance = publish(EVENT_DATE);
        String invitation = (String) runtimeService().getVariable(instance.getId(),
                EventPromotion.INVITATION_ID.name());

        ClockUtil.setCurrentTime(Date.from(NOW.plusSeconds(3600)));
        opened(invitation);

        assertThat(instance).hasPassed(EventPromotion.EVENT_EMAIL_OPENED, EventPromotion.GATEWAY_INVITATION_OPENED)
                .hasNotPassed(EventPromotion.TIMER_REMINDER_TIME);
        lastCall(instance);
        assertThat(sent()).containsExactly("event-invitation/commercial", "event-last-call/commercial");
    }

    @Test
    void openingAnotherEmailKeepsWaitingForTheSameReminderTime() {
        ProcessInstance instance = publish(EVENT_DATE);
        Date reminderDue = timer(instance).getDuedate();

        ClockUtil.setCurrentTime(Date.from(NOW.plusSeconds(86_400)));
        opened("some-newsletter");

        assertThat(instance).hasPassed(EventPromotion.GATEWAY_INVITATION_OPENED)
                .isWaitingAt(EventPromotion.GATEWAY_OPENED_OR_REMINDER_TIME);
        assertThat(timer(instance)).as("not pushed back by the other open").hasDueDate(reminderDue);
        fire(timer(instance));
        scenario.sends().run(sendJob(instance));
        assertThat(sent()).containsExactly("event-invitation/commercial", "event-reminder/commercial");
    }

    @Test
    void theReminderIsNeverLaterThanTheLastCallWhichThenRemindsAlone() {
        // Event on the 25th: last call on the 24th at 09:00 Paris, 23 hours after the invitation.
        ProcessInstance instance = publish("2026-11-25T19:30:00+01:00");
        Date lastCallAt = Date.from(Instant.parse("2026-11-24T08:00:00Z"));

        assertThat(timer(instance)).as("P3D capped at the last call").hasDueDate(lastCallAt);
        fire(timer(instance));

        assertThat(instance).hasPassed(EventPromotion.GATEWAY_REMINDER_BEFORE_LAST_CALL)
                .hasNotPassed(EventPromotion.TASK_SEND_REMINDER).isWaitingAt(EventPromotion.TIMER_LAST_CALL_TIME);
        assertThat(timer(instance)).hasDueDate(lastCallAt);
        fire(timer(instance));
        scenario.sends().run(sendJob(instance));
        assertThat(sent()).containsExactly("event-invitation/commercial", "event-last-call/commercial");
        assertThat(instance).hasPassed(EventPromotion.END_PROMOTED).isEnded();
    }

    @Test
    void anInvitationSentAfterTheLastCallTimeIsTheOnlyMessage() {
        // Event tomorrow evening: the last call time (today 09:00 Paris) is over.
        ProcessInstance instance = publish("2026-11-24T19:30:00+01:00");

        assertThat(sent()).containsExactly("event-invitation/commercial");
        assertThat(instance).hasPassed(EventPromotion.GATEWAY_LAST_CALL_AHEAD, EventPromotion.END_INVITED_LATE)
                .isEnded();
    }

    @Test
    void anEventAlreadyBegunIsNotPromoted() {
        ProcessInstance instance = publish("2026-11-23T08:30:00+01:00");

        assertThat(instance).hasPassed(EventPromotion.END_EVENT_STARTED).isEnded();
        assertThat(sent()).isEmpty();
    }

    private void registered(String eventName) {
        scenario.event(EventType.EVENT_REGISTERED, "marie", Variables.createVariables()
                .putValue(EventPromotion.EVENT_NAME.name(), eventName)
                .putValue(EventPromotion.EVENT_DATE.name(), "2027-01-15T18:00:00+01:00")
                .putValue(EventPromotion.EVENT_URL.name(), "https://www.example.com/other"));
    }

    @Test
    void aContactOutsideTheSegmentIsNotInvited() {
        ProcessInstance instance = publish(EVENT_DATE, "{\"interest\": \"outdoor\"}");

        assertThat(instance).hasPassed(EventPromotion.END_NOT_IN_SEGMENT).isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void aContactOfTheSegmentIsInvited() {
        ProcessInstance instance = publish(EVENT_DATE, "{\"interest\": \"travel\"}");

        assertThat(sent()).containsExactly("event-invitation/commercial");
        assertThat(instance).isWaitingAt(EventPromotion.GATEWAY_OPENED_OR_REMINDER_TIME);
    }

    @Test
    void aRegistrationEndsTheRemindersWithoutTheLastCall() {
        ProcessInstance instance = publish(EVENT_DATE);
        ClockUtil.setCurrentTime(Date.from(NOW.plusSeconds(3600)));

        registered("Salon du voyage");

        assertThat(instance).hasPassed(EventPromotion.START_EVENT_REGISTERED);
        fire(timer(instance));
        assertThat(instance).hasNotPassed(EventPromotion.TASK_SEND_REMINDER)
                .isWaitingAt(EventPromotion.TIMER_LAST_CALL_TIME);
        fire(timer(instance));
        assertThat(instance).hasPassed(EventPromotion.END_REGISTERED).isEnded();
        assertThat(sent()).as("a registered guest gets no reminder and no last call")
                .containsExactly("event-invitation/commercial");
    }

    @Test
    void aRegistrationForAnotherEventChangesNothing() {
        ProcessInstance instance = publish(EVENT_DATE);

        registered("Journée portes ouvertes");

        assertThat(runtimeService().getVariable(instance.getId(), EventPromotion.EVENT_NAME.name()))
                .as("the promoted event's data is put back").isEqualTo("Salon du voyage");
        assertThat(runtimeService().getVariable(instance.getId(), EventPromotion.EVENT_URL.name()))
                .isEqualTo("https://www.example.com/salon");
        fire(timer(instance));
        scenario.sends().run(sendJob(instance));
        lastCall(instance);
        assertThat(sent()).containsExactly("event-invitation/commercial", "event-reminder/commercial",
                "event-last-call/commercial");
    }
}
