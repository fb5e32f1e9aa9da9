package io.relance.channel.email;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps SMTP connections open between sends. Spring's {@link JavaMailSenderImpl} connects, greets and says goodbye for
 * every {@code send()}: a few round trips per message, more than the message itself on a fast server. This replaces
 * the application's {@code JavaMailSenderImpl} (Spring Boot's, from {@code spring.mail.*}, or the embedded default's)
 * by a copy with the same settings whose connections are kept: each send takes an idle connection (or opens one) and
 * gives it back afterwards. A connection idle for more than {@link Pooled#VERIFY_AFTER} is checked first (SMTP
 * {@code NOOP}) and replaced when the server closed it; one that failed a send is closed; one is closed after
 * {@link Pooled#MESSAGES_PER_CONNECTION} messages or {@link Pooled#MAX_IDLE_TIME} unused. Failures are reported as
 * {@code JavaMailSenderImpl} reports them ({@link MailSendException} with the failed messages,
 * {@link MailAuthenticationException}), so {@code EmailSender} maps them unchanged.
 */
@Component
class ReusedSmtpConnections implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean.getClass() == JavaMailSenderImpl.class) {
            return Pooled.copyOf((JavaMailSenderImpl) bean);
        }
        return bean;
    }

    /** A {@link JavaMailSenderImpl} that reuses its connections. */
    static final class Pooled extends JavaMailSenderImpl implements DisposableBean {

        /** An idle connection used again after this long is checked first (the server may have closed it). */
        static final Duration VERIFY_AFTER = Duration.ofSeconds(1);
        /** An idle connection unused this long is closed rather than used. */
        static final Duration MAX_IDLE_TIME = Duration.ofSeconds(30);
        static final int MESSAGES_PER_CONNECTION = 100;
        /** Idle connections kept at most (one per thread that sends at once is enough). */
        static final int MAX_IDLE = 8;

        private final Deque<Connection> idle = new ArrayDeque<>();
        private volatile boolean closed;

        private static final class Connection {
            final Transport transport;
            int messages;
            long idleSince;

            Connection(Transport transport) {
                this.transport = transport;
            }
        }

        static Pooled copyOf(JavaMailSenderImpl original) {
            Pooled pooled = new Pooled();
            pooled.setSession(original.getSession());
            pooled.setProtocol(original.getProtocol());
            pooled.setHost(original.getHost());
            pooled.setPort(original.getPort());
            pooled.setUsername(original.getUsername());
            pooled.setPassword(original.getPassword());
            pooled.setDefaultEncoding(original.getDefaultEncoding());
            if (original.getDefaultFileTypeMap() != null) {
                pooled.setDefaultFileTypeMap(original.getDefaultFileTypeMap());
            }
            return pooled;
        }

        /** Same contract as {@link JavaMailSenderImpl}'s: each message sent, failures collected and thrown at the end. */
        @Override
        protected void doSend(MimeMessage[] messages, Object[] originals) throws MailException {
            Map<Object, Exception> failed = new LinkedHashMap<>();
            for (int i = 0; i < messages.length; i++) {
                Connection connection;
                try {
                    connection = take();
                } catch (AuthenticationFailedException e) {
                    throw new MailAuthenticationException(e);
                } catch (Exception e) {
                    for (int j = i; j < messages.length; j++) {
                        failed.put(originals != null ? originals[j] : messages[j], e);
                    }
                    throw new MailSendException("Mail server connection failed", e, failed);
                }
                MimeMessage message = messages[i];
                boolean sent = false;
                try {
                    if (message.getSentDate() == null) {
                        message.setSentDate(new Date());
                    }
                    String messageId = message.getMessageID();
                    message.saveChanges();
                    if (messageId != null) {
                        // Keep the Message-ID given by the caller (saveChanges makes a new one).
                        message.setHeader("Message-ID", messageId);
                    }
                    Address[] addresses = message.getAllRecipients();
                    connection.transport.sendMessage(message, addresses != null ? addresses : new Address[0]);
                    sent = true;
                } catch (Exception e) {
                    failed.put(originals != null ? originals[i] : message, e);
                } finally {
                    if (sent) {
                        giveBack(connection);
                    } else {
                        // In an unknown state after a failure: never used again.
                        close(connection);
                    }
                }
            }
            if (!failed.isEmpty()) {
                throw new MailSendException(failed);
            }
        }

        private Connection take() throws MessagingException {
            long now = System.nanoTime();
            while (true) {
                Connection connection;
                synchronized (idle) {
                    connection = idle.pollFirst();
                }
                if (connection == null) {
                    return new Connection(connectTransport());
                }
                long idleFor = now - connection.idleSince;
                if (idleFor > MAX_IDLE_TIME.toNanos()) {
                    close(connection);
                } else if (idleFor > VERIFY_AFTER.toNanos() && !connection.transport.isConnected()) {
                    close(connection);
                } else {
                    return connection;
                }
            }
        }

        private void giveBack(Connection connection) {
            connection.messages++;
            if (closed || connection.messages >= MESSAGES_PER_CONNECTION) {
                close(connection);
                return;
            }
            connection.idleSince = System.nanoTime();
            Connection surplus = null;
            synchronized (idle) {
                // Most recently used first: the others age out when fewer threads send.
                idle.addFirst(connection);
                if (idle.size() > MAX_IDLE) {
                    surplus = idle.pollLast();
                }
            }
            if (surplus != null) {
                close(surplus);
            }
        }

        private static void close(Connection connection) {
            try {
                connection.transport.close();
            } catch (Exception e) {
                // Going away anyway.
            }
        }

        /** The application stops: idle connections are closed (QUIT). */
        @Override
        public void destroy() {
            closed = true;
            while (true) {
                Connection connection;
                synchronized (idle) {
                    connection = idle.pollFirst();
                }
                if (connection == null) {
                    return;
                }
                close(connection);
            }
        }
    }
}
