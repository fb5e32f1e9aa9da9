package io.relance.channel.sms;

import org.springframework.modulith.NamedInterface;

import java.time.Instant;

/**
 * What a provider reported about the delivery of one SMS (of one part, when it was split: each part has its own
 * receipt, with the same reference).
 *
 * @param reference         our reference of the send ({@link SmsMessage#reference()}); null when the provider did
 *                          not echo one (an SMS sent from elsewhere)
 * @param providerMessageId the provider's id of the message or part
 * @param outcome           delivered, failed for good, or not final yet
 * @param detail            the provider's status and error, for the contact's timeline ("failed: Absent
 *                          Subscriber - Permanent (err-code 3)")
 * @param at                when the provider reported it; null when not given
 */
@NamedInterface("receipts")
public record DeliveryReceipt(String reference, String providerMessageId, Outcome outcome, String detail,
                              Instant at) {

    @NamedInterface("receipts")
    public enum Outcome {
        /** The network reported the SMS on the handset. */
        DELIVERED,
        /** It will not be delivered (expired, failed, rejected). */
        FAILED,
        /** Not final yet (accepted by the network, buffered) or unknown: a later receipt may follow. */
        PENDING
    }
}
