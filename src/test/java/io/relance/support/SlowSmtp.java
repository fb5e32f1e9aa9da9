package io.relance.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server (plain RFC 5321 dialogue on a local port) that takes {@code delayMillis} to accept each message,
 * like a busy provider. It counts the messages it accepted per recipient: a message counts once the server answered
 * 250 to its DATA; a client that goes away before leaves nothing.
 */
public final class SlowSmtp implements AutoCloseable {

    private final ServerSocket server;
    private final long delayMillis;
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile boolean open = true;

    public SlowSmtp(long delayMillis) throws IOException {
        this.delayMillis = delayMillis;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "slow-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Messages accepted, all recipients. */
    public int total() {
        return total.get();
    }

    /** Messages accepted per recipient address (lower case). */
    public Map<String, Integer> perRecipient() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        accepted.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private void acceptLoop() {
        while (open) {
            try {
                Socket socket = server.accept();
                Thread session = new Thread(() -> session(socket), "slow-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                if (open) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void session(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = socket.getOutputStream()) {
            reply(out, "220 slow-smtp ESMTP");
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 slow-smtp");
                    case "MAIL" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        int lt = line.indexOf('<');
                        int gt = line.indexOf('>');
                        recipients.add(line.substring(lt + 1, gt).toLowerCase(Locale.ROOT));
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            // the message itself is not kept
                        }
                        if (data == null) {
                            return;
                        }
                        Thread.sleep(delayMillis);
                        reply(out, "250 OK queued");
                        for (String recipient : recipients) {
                            accepted.computeIfAbsent(recipient, r -> new AtomicInteger()).incrementAndGet();
                        }
                        total.incrementAndGet();
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
    }
}
