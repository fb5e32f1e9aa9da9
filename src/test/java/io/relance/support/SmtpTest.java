package io.relance.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the end-to-end tests that receive mail: a real SMTP server (GreenMail) on a free local port, started for
 * the test class and emptied before each test, with {@code spring.mail.host/port} pointing at it.
 */
public abstract class SmtpTest {

    protected static final int SMTP_PORT = TestSmtp.freePort();
    protected static GreenMail smtp;

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @BeforeAll
    static void startSmtpServer() {
        smtp = newSmtp();
    }

    @AfterAll
    static void stopSmtpServer() {
        smtp.stop();
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
    }

    /** A started server on {@link #SMTP_PORT} (tests that stop the server start a new one with this). */
    protected static GreenMail newSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    /** The mails received so far whose first recipient is {@code address}, in the order they arrived. */
    protected static List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equals(address)) {
                mails.add(message);
            }
        }
        return mails;
    }
}
