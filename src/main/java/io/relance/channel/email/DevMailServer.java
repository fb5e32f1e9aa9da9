package io.relance.channel.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.modulith.NamedInterface;

import java.util.Arrays;
import java.util.List;

/**
 * The embedded default's mail server: with no {@code spring.mail.host}, mail goes to an in-process SMTP server
 * (GreenMail) on a free local port, and the outbox page shows what arrived. Development only: it keeps messages in
 * this node's memory and forgets them at restart.
 */
@NamedInterface("sinks")
public class DevMailServer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DevMailServer.class);

    private final GreenMail greenMail;

    DevMailServer() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        log.info("No spring.mail.host configured: mail goes to the in-process SMTP server on 127.0.0.1:{}"
                + " (see the outbox page /outbox)", port());
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Messages received so far, oldest first. */
    public List<MimeMessage> received() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    @Override
    public void destroy() {
        greenMail.stop();
    }
}
