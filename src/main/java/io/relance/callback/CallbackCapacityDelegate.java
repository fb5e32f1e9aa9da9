package io.relance.callback;

import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import java.util.Date;

/**
 * {@code ${callbackCapacity}}, the task "Reserve a call-back slot" before a sales call-back task. First the
 * contact's phone consent ({@link CallbackConsent}; input {@code category} = {@code transactional} skips it): without
 * it, {@code callbackSlot} is {@code no_consent}, no slot is taken and the call is recorded as suppressed. Else it
 * reserves a slot of the day for the input {@code messageType} (and the process variable {@code valueTier}, when the
 * scenario has one) and sets {@code callbackSlot} to {@code granted} or {@code full}; when full, also
 * {@code callbackSlotRetryDate}, the start of the next business day, for a scenario that waits and tries again. The
 * slot is taken in the engine's transaction: a job that rolls back gives it back.
 */
@Component("callbackCapacity")
class CallbackCapacityDelegate implements JavaDelegate {

    private final CallbackCapacityService capacity;
    private final CallbackConsent consent;

    CallbackCapacityDelegate(CallbackCapacityService capacity, CallbackConsent consent) {
        this.capacity = capacity;
        this.consent = consent;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (!consent.allows(execution)) {
            CallbackSlot.RESULT.set(execution, CallbackSlot.NO_CONSENT.value());
            return;
        }
        String valueTier = ScenarioVariables.VALUE_TIER.getOrDefault(execution, null);
        CallbackCapacityService.Reservation reservation = capacity.reserve(ScenarioVariables.MESSAGE_TYPE.get(execution),
                valueTier);
        CallbackSlot.RESULT.set(execution, reservation.slot().value());
        if (!reservation.granted()) {
            CallbackSlot.RETRY_DATE.set(execution, Date.from(reservation.retryAt()));
        }
    }
}
