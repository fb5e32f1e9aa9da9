package io.relance.channel;

import io.relance.refusal.Refusal;

/** An operator's outcome that cannot be recorded: no such send, or its outcome is known already. */
class OutcomeRefusedException extends Refusal {

    OutcomeRefusedException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }
}
