package io.relance.channel.email;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.modulith.NamedInterface;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedded default's mail server: with no {@code spring.mail.host}, mail goes to an in-process SMTP server
 * (GreenMail) on a free local port, and the outbox page shows what arrived. Development only: it keeps the last
 * {@value #CAPACITY} mails (up to a tenth more; the oldest go a tenth at a time) in this node's memory and forgets
 * them at restart.
 * <p>
 * Every mail goes to one mailbox, whoever it is addressed to (the recipients stay in its headers). Left to itself,
 * GreenMail creates a mailbox per recipient and finds each mail's mailbox by going through all of them: after tens of
 * thousands of recipients (a load test, a broadcast) that search took half of the application's CPU.
 */
@NamedInterface("sinks")
public class DevMailServer implements DisposableBean {

    public static final int CAPACITY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(DevMailServer.class);

    private final GreenMail greenMail;
    private final GreenMailUser outbox;
    private final MailFolder inbox;
    private final int capacity;
    private final Object trimming = new Object();

    /** A mail received: its number (0 for the first one since start; it keeps it when older ones go). */
    @NamedInterface("sinks")
    public record Mail(long number, MimeMessage message) {
    }

    DevMailServer() {
        this(CAPACITY);
    }

    DevMailServer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        outbox = greenMail.setUser("outbox@relance.localhost", "outbox", UUID.randomUUID().toString());
        try {
            inbox = greenMail.getManagers().getImapHostManager().getInbox(outbox);
        } catch (FolderException e) {
            greenMail.stop();
            throw new IllegalStateException("The in-process mail server has no mailbox for the outbox", e);
        }
        greenMail.getUserManager().setMessageDeliveryHandler((message, address) -> {
            makeRoom();
            return outbox;
        });
        log.info("No spring.mail.host configured: mail goes to the in-process SMTP server on 127.0.0.1:{}"
                + " (see the outbox page /outbox)", port());
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** The mails kept, oldest first. */
    public List<Mail> received() {
        // A copy taken under the mailbox's own lock: SMTP connections store mails meanwhile.
        return inbox.getNonDeletedMessages().stream().map(DevMailServer::mail).toList();
    }

    /** The mail of that number, unless it is no longer kept (or never came). */
    public Optional<MimeMessage> mail(long number) {
        StoredMessage stored = number < 0 ? null : inbox.getMessage(number + 1);
        return Optional.ofNullable(stored).map(StoredMessage::getMimeMessage);
    }

    /**
     * Before a mail is stored: with the mailbox full and a tenth more, the oldest go down to the capacity. The
     * mailbox's count is read as it is (no copy); its mails are listed only when some must go, once every tenth of
     * the capacity: listing them for every mail copied the whole outbox each time (the mail server's connections took
     * most of their CPU in that copy once the outbox was full).
     */
    private void makeRoom() {
        int full = capacity + Math.max(1, capacity / 10);
        if (inbox.getMessageCount() < full) {
            return;
        }
        synchronized (trimming) {
            List<StoredMessage> kept = inbox.getNonDeletedMessages();
            if (kept.size() < full) {
                return;
            }
            kept.subList(0, kept.size() - capacity + 1).forEach(message -> message.setFlag(Flags.Flag.DELETED, true));
            try {
                inbox.expunge();
            } catch (FolderException e) {
                // The mail on its way is stored all the same; the next one tries again.
                log.warn("The in-process mail server could not drop its oldest mails: {}", e.getMessage());
            }
        }
    }

    private static Mail mail(StoredMessage stored) {
        // A mailbox numbers its mails from 1, in the order they came.
        return new Mail(stored.getUid() - 1, stored.getMimeMessage());
    }

    @Override
    public void destroy() {
        greenMail.stop();
    }
}
