package io.relance.channel;

/**
 * The outcome of this send is unknown: an earlier attempt reached the provider call and never recorded its outcome
 * (a crash in between), or the provider failed after the message was handed over
 * ({@link ProviderOutcomeUnknownException}). The message may have been delivered: it is not sent again. The send
 * stays {@code sending}; its task ends in an incident until an operator checks the provider, records the outcome
 * ({@code POST /api/communications/{id}/outcome}) and retries the task in Cockpit.
 */
public class SendOutcomeUnknownException extends RuntimeException {

    /** Starts the message of every such failure (a job's or an external task's error message). */
    public static final String MARKER = "Send outcome unknown:";

    private final String communicationId;

    public SendOutcomeUnknownException(CommunicationView communication) {
        this(communication, "the provider may have accepted it", null);
    }

    /** @param why what is known of the provider call; {@code cause} the provider's failure, if any */
    public SendOutcomeUnknownException(CommunicationView communication, String why, Throwable cause) {
        super(MARKER + " the outcome of send " + communication.getId() + " (" + communication.getChannel().key() + " '"
                + communication.getMessageType() + "' to contact " + communication.getContactId() + ", started "
                + communication.getCreatedAt() + ") is unknown: " + why + ". It is not sent again; check the"
                + " provider, record the outcome (POST /api/communications/" + communication.getId()
                + "/outcome, sent or not-sent), then retry the task.", cause);
        this.communicationId = communication.getId();
    }

    public String communicationId() {
        return communicationId;
    }
}
