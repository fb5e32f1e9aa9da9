package io.relance.channel;

/**
 * An earlier attempt of this send reached the provider call and never recorded its outcome (a crash in between).
 * The message may have been delivered: it is not sent again. The job fails until an operator checks the provider
 * and resolves the incident in Cockpit.
 */
public class SendOutcomeUnknownException extends RuntimeException {

    public SendOutcomeUnknownException(CommunicationView communication) {
        super("The outcome of send " + communication.getId() + " (" + communication.getChannel().key() + " '"
                + communication.getMessageType() + "' to contact " + communication.getContactId() + ", started "
                + communication.getCreatedAt() + ") is unknown: the provider may have accepted it. It is not sent"
                + " again; check the provider, then set the communication's status and retry the job.");
    }
}
