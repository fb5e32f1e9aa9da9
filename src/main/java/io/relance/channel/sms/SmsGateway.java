package io.relance.channel.sms;

/**
 * Hands one SMS to a provider. Implementations: {@link VonageSmsGateway} when {@code relance.sms.gateway-url} is
 * set, otherwise the development-only {@link SmsSink}.
 *
 * <p>The text is sent as given: build it with {@link SmsText#compose(String, boolean)} first (stop mention,
 * length limit).
 */
public interface SmsGateway {

    /**
     * @return the provider's id of the accepted message (its delivery receipts carry it, and our reference)
     * @throws io.relance.channel.ProviderRejectedException    refused for good: not an E.164 number, number
     *                                                          barred or unknown, invalid message
     * @throws io.relance.channel.ProviderUnavailableException not accepted for now (down, throttled, timeout,
     *                                                          account problem), after the client's own retries
     * @throws io.relance.channel.ProviderOutcomeUnknownException the request was fully sent and no readable answer
     *                                                          came: the provider may have taken it (not retried)
     */
    SmsReceipt send(SmsMessage message);
}
