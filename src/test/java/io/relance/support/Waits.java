package io.relance.support;

import io.relance.channel.MessageChannel;
import io.relance.pressure.ArbitrationWorker;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.Job;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wait states of an instance, for tests that run the engine's jobs by hand (the job executor is off).
 * <ul>
 *     <li>A timer is a job: {@link #runTimer} lets the delay elapse.</li>
 *     <li>A transactional send is a job too (its {@code asyncBefore}): the delegate calls the provider apart from the
 *     transaction that reached it.</li>
 *     <li>A commercial send has no job: deployed as an external task ({@code pressure.ArbitratedSends}), it is created
 *     by the transaction that reaches it and waits there for the arbitration. {@link #arbitratedSend} checks it.</li>
 * </ul>
 */
public final class Waits {

    private static final List<String> ARBITRATED_TOPICS = List.of(
            ArbitrationWorker.topic(MessageChannel.EMAIL), ArbitrationWorker.topic(MessageChannel.SMS));

    private Waits() {
    }

    /** Runs the timer the instance waits for, its only job: the delay elapses. Returns the timer. */
    public static Job runTimer(ProcessEngineServices engine, String instanceId) {
        var management = engine.getManagementService();
        Job timer = management.createJobQuery().processInstanceId(instanceId).timers().singleResult();
        assertThat(timer).as("instance %s waits for a timer", instanceId).isNotNull();
        assertThat(management.createJobQuery().processInstanceId(instanceId).count())
                .as("instance %s has no other job than its timer", instanceId).isOne();
        management.executeJob(timer.getId());
        return timer;
    }

    /**
     * The commercial send the instance waits at, apart from the transaction that reached it: the instance is at
     * {@code activityId}, whose external task of an arbitration topic is not taken yet, with no job in front of it.
     */
    public static ExternalTask arbitratedSend(ProcessEngineServices engine, String instanceId, String activityId) {
        assertThat(engine.getRuntimeService().getActiveActivityIds(instanceId))
                .as("instance %s waits at its send", instanceId).contains(activityId);
        ExternalTask task = engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(instanceId)
                .activityId(activityId).singleResult();
        assertThat(task).as("%s waits for its arbitration as an external task", activityId).isNotNull();
        assertThat(task.getTopicName()).isIn(ARBITRATED_TOPICS);
        assertThat(task.getWorkerId()).as("not taken yet").isNull();
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(instanceId)
                .activityId(activityId).count()).as("a commercial send has no job of its own").isZero();
        return task;
    }
}
