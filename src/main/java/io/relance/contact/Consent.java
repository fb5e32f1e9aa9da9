package io.relance.contact;

import java.time.Instant;

/** A contact's consent on one channel: given or withdrawn, and when. */
public record Consent(boolean granted, Instant at) {
}
