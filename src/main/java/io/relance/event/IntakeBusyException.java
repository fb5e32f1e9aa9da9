package io.relance.event;

import io.relance.refusal.Refusal;

/** The contact's scenarios kept being updated concurrently: the same event may be sent again later. */
public class IntakeBusyException extends Refusal {

    IntakeBusyException() {
        super(Reason.BUSY, "Busy",
                "The contact's scenarios are being updated concurrently; retry the same event later.");
    }
}
