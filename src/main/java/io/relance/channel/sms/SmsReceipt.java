package io.relance.channel.sms;

/**
 * The provider accepted the message (which says nothing yet of its delivery: see {@link DeliveryReceipt}).
 *
 * @param providerMessageId the provider's id of the message (of its first part when it was split)
 */
public record SmsReceipt(String providerMessageId) {
}
