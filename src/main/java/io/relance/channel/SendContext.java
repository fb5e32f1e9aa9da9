package io.relance.channel;

import org.slf4j.MDC;

/**
 * Puts the ids of a send in the logging context (MDC: {@code contactId}, {@code instanceId}) while it runs, so every
 * line it causes (a template, a provider's client, a retry) carries them; the earlier values come back after it.
 */
final class SendContext implements AutoCloseable {

    static final String CONTACT_ID = "contactId";
    static final String INSTANCE_ID = "instanceId";

    private final String previousContact;
    private final String previousInstance;

    private SendContext(SendRequest request) {
        previousContact = MDC.get(CONTACT_ID);
        previousInstance = MDC.get(INSTANCE_ID);
        put(CONTACT_ID, request.contactId());
        put(INSTANCE_ID, request.processInstanceId());
    }

    static SendContext of(SendRequest request) {
        return new SendContext(request);
    }

    @Override
    public void close() {
        put(CONTACT_ID, previousContact);
        put(INSTANCE_ID, previousInstance);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
