package io.relance.callback;

import io.relance.scenario.LeadCallback;
import io.relance.scenario.ProcessVariable;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.TemporalAmount;
import java.util.Date;

/**
 * Execution listener ({@code start}) of a call-back task, bound as {@code ${callbackSchedule}}: turns the scenario's
 * ISO-8601 durations {@code callbackDue} and {@code callbackFollowUp} (defaults from {@code relance.callback}) into
 * the dates {@code callbackDueDate} and {@code callbackFollowUpDate} that the task's due and follow-up dates read.
 * A task whose input {@code callbackDueNextBusinessDay} is {@code true} (the retry call) is due the next business day
 * instead, at the same time of day ({@code relance.callback.time-zone}, Europe/Paris by default). It also counts the
 * calls in {@code callAttempts}, which the scenario compares with {@code maxCallAttempts}.
 * It runs before the task exists, as the engine evaluates those dates when it creates the task.
 */
@Component("callbackSchedule")
class CallbackSchedule implements ExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(CallbackSchedule.class);

    private final Clock clock;
    private final CallbackProperties properties;

    CallbackSchedule(Clock clock, CallbackProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void notify(DelegateExecution execution) {
        Instant now = clock.instant();
        Instant due = Boolean.TRUE.equals(LeadCallback.CALLBACK_DUE_NEXT_BUSINESS_DAY.get(execution))
                ? Delays.nextBusinessDay(now, properties.timeZone())
                : Delays.after(now, delay(execution, LeadCallback.CALLBACK_DUE, properties.defaultDue()));
        LeadCallback.CALLBACK_DUE_DATE.set(execution, Date.from(due));
        LeadCallback.CALLBACK_FOLLOW_UP_DATE.set(execution, Date.from(Delays.after(now,
                delay(execution, LeadCallback.CALLBACK_FOLLOW_UP, properties.defaultFollowUp()))));
        Integer attempts = LeadCallback.CALL_ATTEMPTS.get(execution);
        LeadCallback.CALL_ATTEMPTS.set(execution, attempts == null ? 1 : attempts + 1);
    }

    /** The scenario's duration, or the default when it sets none; a bad one is logged and replaced by the default. */
    private static TemporalAmount delay(DelegateExecution execution, ProcessVariable<String> variable,
                                        Duration fallback) {
        Object value = variable.raw(execution);
        if (value == null) {
            return fallback;
        }
        return Delays.parse(value instanceof String text ? text : null).orElseGet(() -> {
            log.warn("Call-back of {} (process instance {}): {} = '{}' is not a non-negative ISO-8601 duration"
                            + " (e.g. PT4H, P1D), using the default {}", execution.getProcessBusinessKey(),
                    execution.getProcessInstanceId(), variable.name(), value, fallback);
            return fallback;
        });
    }
}
