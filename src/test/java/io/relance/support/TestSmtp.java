package io.relance.support;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.ServerSocket;

/** Helpers of the end-to-end tests that receive mail on a real SMTP server (GreenMail). */
public final class TestSmtp {

    private TestSmtp() {
    }

    /** A free local port for the test's SMTP server (known before the application context starts). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first part of that MIME type (e.g. text/html), searched through nested multiparts. */
    public static String part(MimeMessage message, String type) throws Exception {
        String found = find(message.getContent(), type);
        if (found == null) {
            throw new AssertionError("no " + type + " part");
        }
        return found;
    }

    private static String find(Object content, String type) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return part.getContent().toString();
                }
                String nested = find(part.getContent(), type);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }
}
