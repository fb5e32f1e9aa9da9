package io.relance.web;

import java.io.IOException;

/** A request body beyond {@code relance.events.max-payload-bytes}. */
public class PayloadTooLargeException extends IOException {
    public PayloadTooLargeException(long limit) {
        super("The request body exceeds the limit of " + limit + " bytes.");
    }
}
