package io.relance.scenario;

import io.relance.support.DeployedScenario;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

/**
 * The broadcast diagrams on the real engine, without Spring: the registration task registers a slice of the
 * recipients per job and says whether all are in ({@code recipientsRegistered}); until they are, the diagram loops back
 * to it, a job each time (so that no job outlives its lock). The registration itself is a stand-in here (it is tested
 * with the database in {@code BroadcastRegistrationTest}). Coverage: all but the newsletter's timer start (started here
 * before its first gateway).
 */
class BroadcastProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/broadcast.bpmn",
            "bpmn/monthly-newsletter.bpmn");

    /** Registers 1,000 recipients per slice, 2,500 in all; remembers the broadcast id each slice saw. */
    private final List<String> slicesSaw = new ArrayList<>();

    @BeforeEach
    void bindRegistration() {
        JavaDelegate threeSlices = execution -> {
            String id = BroadcastScenario.BROADCAST_ID.get(execution);
            if (id == null) {
                id = "newsletter-of-" + execution.getProcessInstanceId();
                BroadcastScenario.BROADCAST_ID.set(execution.getProcessInstance(), id);
            }
            slicesSaw.add(id);
            int registered = Math.min(2500, 1000 * slicesSaw.size());
            BroadcastScenario.RECIPIENTS.set(execution.getProcessInstance(), registered);
            BroadcastScenario.REGISTERED.set(execution.getProcessInstance(), registered == 2500);
        };
        Mocks.register("broadcastRecipients", threeSlices);
    }

    private static Job job(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).singleResult();
    }

    /** Runs the registration's jobs one by one, checking that each slice leaves a new job until the last. */
    private void registerAll(ProcessInstance instance) {
        for (int slice = 1; slice <= 3; slice++) {
            assertThat(instance).as("slice " + slice).isWaitingAt(BroadcastScenario.TASK_REGISTER);
            managementService().executeJob(job(instance).getId());
        }
    }

    @Test
    void aBroadcastLoopsThroughItsSlicesThenEnds() {
        ProcessInstance instance = runtimeService().startProcessInstanceByKey(BroadcastScenario.PROCESS, "b-1",
                java.util.Map.of(BroadcastScenario.BROADCAST_ID.name(), "b-1"));

        registerAll(instance);

        assertThat(instance).hasPassedInOrder("Gateway_JoinRegister", BroadcastScenario.TASK_REGISTER,
                "Gateway_AllRegistered", "Gateway_JoinRegister", BroadcastScenario.TASK_REGISTER,
                "Gateway_AllRegistered", "Gateway_JoinRegister", BroadcastScenario.TASK_REGISTER,
                "Gateway_AllRegistered", "EndEvent_Registered").isEnded();
        assertThat(slicesSaw).containsExactly("b-1", "b-1", "b-1");
    }

    @Test
    void theMonthlyNewsletterKeepsItsBroadcastFromSliceToSlice() {
        ProcessInstance instance = runtimeService().createProcessInstanceByKey(BroadcastScenario.NEWSLETTER_PROCESS)
                .startBeforeActivity("Gateway_JoinRegister").execute();

        registerAll(instance);

        assertThat(instance).hasPassed("EndEvent_Registered").isEnded();
        assertThat(slicesSaw).hasSize(3).containsOnly("newsletter-of-" + instance.getId());
    }
}
