package io.relance.channel;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A send job whose outcome is unknown ({@link SendOutcomeUnknownException}) must not wait for its retry cycle
 * ({@code R5/PT1M}: five attempts that could only fail again) before an operator hears of it: once Camunda has
 * recorded the job's failure, its retries are set to 0, which raises the incident at once. A job cannot fail with
 * 0 retries by itself through Camunda's API, hence this check right after the failure, on this node.
 *
 * <p>Best effort: should the node stop in between, the job keeps its retry cycle; each retry finds the send
 * {@code sending} and fails again without sending, then the last one raises the incident.
 */
@Component
public class UnknownOutcomeJobs implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(UnknownOutcomeJobs.class);
    static final Duration CHECK_EVERY = Duration.ofMillis(100);
    static final int CHECKS = 300;

    private final ManagementService management;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "unknown-outcome-jobs");
        thread.setDaemon(true);
        return thread;
    });

    UnknownOutcomeJobs(ManagementService management) {
        this.management = management;
    }

    /**
     * Called by a send task about to fail with an unknown outcome, inside the job's transaction: when the job of that
     * activity has recorded this failure, its retries go to 0. Nothing happens when the task does not run as a job, or
     * when the job has one retry left or none (an operator's retry): its failure raises the incident by itself, and a
     * check left pending could otherwise meet the operator's next retry.
     */
    void noRetry(String processInstanceId, String activityId, String communicationId) {
        boolean retriesLeft = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId)
                .list().stream().anyMatch(job -> job.getRetries() > 1);
        if (retriesLeft) {
            schedule(processInstanceId, activityId, communicationId, 1);
        }
    }

    private void schedule(String processInstanceId, String activityId, String communicationId, int check) {
        try {
            checks.schedule(() -> check(processInstanceId, activityId, communicationId, check),
                    CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the application stops: the job keeps its retry cycle
        }
    }

    private void check(String processInstanceId, String activityId, String communicationId, int check) {
        try {
            for (Job job : management.createJobQuery().processInstanceId(processInstanceId)
                    .failedActivityId(activityId).list()) {
                String message = job.getExceptionMessage();
                if (message != null && message.startsWith(SendOutcomeUnknownException.MARKER)
                        && message.contains(communicationId)) {
                    // This failure is recorded: stop it there, once (a later retry by an operator is theirs).
                    if (job.getRetries() > 0) {
                        management.setJobRetries(job.getId(), 0);
                        log.warn("Send job {} (communication {}) stopped with an incident: its outcome is unknown",
                                job.getId(), communicationId);
                    }
                    return;
                }
            }
        } catch (OptimisticLockingException concurrently) {
            // the job changed meanwhile (retried): look again
        } catch (RuntimeException e) {
            log.warn("Could not stop the send job of communication {} at once ({}); it keeps its retry cycle",
                    communicationId, e.toString());
            return;
        }
        if (check < CHECKS) {
            schedule(processInstanceId, activityId, communicationId, check + 1);
        }
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }
}
