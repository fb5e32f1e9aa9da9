package io.relance.channel;

/**
 * A provider (SMTP server, SMS gateway, webhook receiver) that could not be reached or answered with a temporary
 * error (5xx, timeout) after the client's own retries. The job fails and Camunda retries it on its cycle, then
 * raises an incident; nothing was delivered.
 */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ProviderUnavailableException(String message) {
        super(message);
    }
}
