package io.relance.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.io.IOException;

/**
 * Angus Mail's SMTP transport, telling a failure <em>after the hand-over</em> apart: once the end of the message data
 * (the {@code .} line, or the last {@code BDAT} chunk) has been written and flushed, the server may have queued the
 * message even if its reply never comes. A timeout or a dropped connection while waiting for that reply is thrown
 * as {@link HandedOverException}; a 4xx or 5xx reply is a clear answer and stays an
 * {@link SMTPSendFailedException}; any failure before (connection, greeting, authentication, {@code MAIL},
 * {@code RCPT}, {@code DATA}, writing the message) is unchanged: nothing was delivered.
 *
 * <p>The state lives in one {@code sendMessage} call (the transport's methods are synchronized), so it holds for
 * each message of a reused connection. {@link #install} makes a {@link JavaMailSenderImpl}'s session use it for
 * {@code smtp} and {@code smtps}.
 */
public class HandOverSmtpTransport extends SMTPTransport {

    private boolean finishing;
    private boolean awaitingFinalReply;

    /** Called by Jakarta Mail ({@code Session.getTransport}) for {@code smtp} and {@code smtps}. */
    public HandOverSmtpTransport(Session session, URLName urlname) {
        this(session, urlname, urlname != null && "smtps".equalsIgnoreCase(urlname.getProtocol()));
    }

    private HandOverSmtpTransport(Session session, URLName urlname, boolean ssl) {
        super(session, urlname, ssl ? "smtps" : "smtp", ssl);
    }

    /** Makes the sender's session create this transport for {@code smtp} and {@code smtps}. */
    static boolean install(JavaMailSender mailSender) {
        if (!(mailSender instanceof JavaMailSenderImpl impl)) {
            return false;
        }
        Session session = impl.getSession();
        try {
            for (String protocol : new String[]{"smtp", "smtps"}) {
                session.setProvider(new Provider(Provider.Type.TRANSPORT, protocol,
                        HandOverSmtpTransport.class.getName(), "Relance", null));
            }
        } catch (NoSuchProviderException e) {
            throw new IllegalStateException("Cannot register the SMTP transport", e);
        }
        return true;
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        finish(true);
    }

    @Override
    protected void finishBdat() throws IOException, MessagingException {
        finish(false);
    }

    private void finish(boolean data) throws IOException, MessagingException {
        finishing = true;
        awaitingFinalReply = false;
        try {
            if (data) {
                super.finishData();
            } else {
                super.finishBdat();
            }
        } catch (SMTPSendFailedException e) {
            if (!awaitingFinalReply || clearAnswer(e.getReturnCode())) {
                throw e;
            }
            throw new HandedOverException("the SMTP server closed the connection after the end of the message data,"
                    + " without a reply", e);
        } catch (MessagingException | IOException e) {
            if (!awaitingFinalReply) {
                throw e;
            }
            Throwable cause = e instanceof MessagingException m && m.getNextException() != null
                    ? m.getNextException() : e;
            throw new HandedOverException("no reply from the SMTP server after the end of the message data ("
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": "
                    + cause.getMessage()) + ")", cause);
        } finally {
            finishing = false;
        }
    }

    /** The final reply is read only once the end of the data was written and flushed. */
    @Override
    protected int readServerResponse() throws MessagingException {
        if (finishing) {
            awaitingFinalReply = true;
        }
        return super.readServerResponse();
    }

    private static boolean clearAnswer(int code) {
        return code >= 400 && code < 600;
    }

    /**
     * The message was handed over (its data ended) and the server's reply never came: it may have been queued. Its
     * message says what happened, without addresses or content.
     */
    public static final class HandedOverException extends MessagingException {

        HandedOverException(String what, Throwable cause) {
            super(what, cause instanceof Exception e ? e : null);
        }
    }
}
