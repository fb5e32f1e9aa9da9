package io.relance.support;

import io.relance.channel.MessageChannel;
import io.relance.channel.SendOutcome;
import io.relance.channel.SendOutputs;
import io.relance.channel.SendStatus;
import io.relance.channel.SendTaskInputs;
import io.relance.pressure.ArbitrationWorker;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The channels of a process test: one stand-in for every send a scenario makes, recording what it asks for and
 * answering {@link #answer(SendStatus) sent, suppressed or failed}.
 * <ul>
 *     <li>Transactional sends keep their delegate at deployment: {@code ${sendEmail}} and {@code ${sendSms}} are
 *     bound to a recording delegate that writes the outputs as the real one does ({@link SendOutputs}).</li>
 *     <li>Commercial sends are external tasks once deployed (see {@code pressure.ArbitratedSends}): {@link #arbitrate()}
 *     completes them as {@link ArbitrationWorker} does, with {@code sendStatus}, {@code sendReason} and
 *     {@code communicationId}, or the BPMN error {@code SEND_FAILED}.</li>
 * </ul>
 */
public final class Sends {

    /** One send the scenario asked for, with the variables the send task saw (its inputs included). */
    public record Send(MessageChannel channel, String businessKey, Map<String, Object> variables) {

        public String messageType() {
            return (String) variables.get("messageType");
        }

        public String category() {
            return (String) variables.get("category");
        }

        public Object variable(String name) {
            return variables.get(name);
        }

        /** {@code messageType/category}, e.g. {@code welcome/commercial}. */
        public String typeAndCategory() {
            return messageType() + "/" + category();
        }
    }

    private static final long LOCK_MILLIS = 60_000;

    private final ProcessEngine engine;
    private final List<Send> asked = new ArrayList<>();
    private SendStatus answer = SendStatus.SENT;

    Sends(ProcessEngine engine) {
        this.engine = engine;
    }

    /** Binds the transactional send delegates; called before each test. */
    void bind() {
        asked.clear();
        answer = SendStatus.SENT;
        Mocks.register("sendEmail", delegate(MessageChannel.EMAIL));
        Mocks.register("sendSms", delegate(MessageChannel.SMS));
    }

    /** What the channel answers from now on: {@code SENT}, {@code SUPPRESSED} or {@code FAILED}. */
    public void answer(SendStatus status) {
        this.answer = status;
    }

    /** Every send asked for so far, in order (suppressed and failed ones too). */
    public List<Send> asked() {
        return List.copyOf(asked);
    }

    /**
     * Runs the job of a transactional send task (they are {@code asyncBefore}), then completes the sends that wait
     * for their arbitration: the scenario moves on as it does in Relance once the message is decided. A commercial
     * send task has no job once deployed (its external task is the wait state): {@code sendJob} is then null, and a
     * waiting arbitrated send is required instead.
     */
    public void run(Job sendJob) {
        if (sendJob != null) {
            engine.getManagementService().executeJob(sendJob.getId());
        }
        if (arbitrate() == 0 && sendJob == null) {
            throw new IllegalStateException("No send job to run and no arbitrated send waiting");
        }
    }

    /** Completes every waiting arbitrated send as the arbitration worker does; returns how many. */
    public int arbitrate() {
        ExternalTaskService externalTasks = engine.getExternalTaskService();
        int completed = 0;
        List<LockedExternalTask> tasks;
        do {
            tasks = externalTasks.fetchAndLock(100, ArbitrationWorker.WORKER_ID)
                    .topic(ArbitrationWorker.topic(MessageChannel.EMAIL), LOCK_MILLIS).includeExtensionProperties()
                    .topic(ArbitrationWorker.topic(MessageChannel.SMS), LOCK_MILLIS).includeExtensionProperties()
                    .execute();
            for (LockedExternalTask task : tasks) {
                MessageChannel channel = task.getTopicName().equals(ArbitrationWorker.topic(MessageChannel.SMS))
                        ? MessageChannel.SMS : MessageChannel.EMAIL;
                asked.add(new Send(channel, task.getBusinessKey(), copy(SendTaskInputs.seenBy(task))));
                SendOutcome outcome = outcome("comm-" + task.getProcessInstanceId() + "-" + task.getActivityId());
                VariableMap outputs = Variables.createVariables()
                        .putValue(ScenarioVariables.SEND_STATUS.name(), outcome.status().key())
                        .putValue(ScenarioVariables.SEND_REASON.name(), outcome.reason())
                        .putValue(ScenarioVariables.COMMUNICATION_ID.name(), outcome.communicationId());
                if (outcome.status() == SendStatus.FAILED) {
                    externalTasks.handleBpmnError(task.getId(), ArbitrationWorker.WORKER_ID,
                            SendOutputs.ERROR_SEND_FAILED, outcome.reason(), outputs);
                } else {
                    externalTasks.complete(task.getId(), ArbitrationWorker.WORKER_ID, outputs);
                }
                completed++;
            }
        } while (!tasks.isEmpty());
        return completed;
    }

    private JavaDelegate delegate(MessageChannel channel) {
        return execution -> {
            asked.add(new Send(channel, execution.getBusinessKey(), copy(execution.getVariables())));
            SendOutputs.write(execution, outcome(communicationId(execution)));
        };
    }

    private static String communicationId(DelegateExecution execution) {
        return "comm-" + execution.getProcessInstanceId() + "-" + execution.getCurrentActivityId();
    }

    private SendOutcome outcome(String communicationId) {
        return switch (answer) {
            case SENT, SENDING -> new SendOutcome(SendStatus.SENT, null, communicationId);
            case SUPPRESSED -> new SendOutcome(SendStatus.SUPPRESSED, "suppressed by the test", null);
            case FAILED -> new SendOutcome(SendStatus.FAILED, "550 mailbox unavailable", null);
        };
    }

    private static Map<String, Object> copy(Map<String, Object> variables) {
        return Collections.unmodifiableMap(new HashMap<>(variables));
    }
}
