package io.relance.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server (plain RFC 5321 dialogue on a fixed local port) whose behaviour the test chooses: a provider that
 * accepts, one that refuses at the greeting, one that takes the whole message and then never answers, or drops the
 * connection right after it, or answers the end of the data with an error. It counts what it <em>received</em> (a
 * message whose data ended with the {@code .} line, whatever it answered) and what it <em>accepted</em> (answered 250).
 * {@link #stop()} and {@link #start()} make it unreachable (connection refused) and back on the same port.
 */
public final class ScriptedSmtp implements AutoCloseable {

    /** What the server does. */
    public enum Mode {
        /** 250 to everything: the message is accepted. */
        ACCEPT,
        /** {@code 421} at the greeting, then closes: nothing is handed over. */
        REFUSE_AT_GREETING,
        /** Takes MAIL, RCPT, DATA and the whole message, then never answers (the connection stays open). */
        HANG_AFTER_DATA,
        /** Takes the whole message, then closes the connection without a reply. */
        DROP_AFTER_DATA,
        /** Answers the end of the data with {@code 451} (a clear temporary refusal). */
        TEMPORARY_ERROR_AFTER_DATA,
        /** Accepts the message (250), then never answers {@code QUIT}. */
        HANG_AT_QUIT
    }

    private final int port;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sessions = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.ACCEPT;
    private volatile ServerSocket server;

    public ScriptedSmtp(int port) {
        this.port = port;
        start();
    }

    public int port() {
        return port;
    }

    public ScriptedSmtp mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /** Forgets the counts. */
    public ScriptedSmtp reset() {
        received.set(0);
        accepted.set(0);
        return this;
    }

    /** Messages whose whole data the server read (handed over), whatever it answered. */
    public int received() {
        return received.get();
    }

    /** Messages answered 250 after their data. */
    public int accepted() {
        return accepted.get();
    }

    /** Listens again on the same port. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            server = socket;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on port " + port, e);
        }
        ServerSocket listening = server;
        Thread acceptor = new Thread(() -> acceptLoop(listening), "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Stops listening and closes every open session: a client gets "connection refused". */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closed anyway
        }
        server = null;
        for (Socket session : sessions) {
            try {
                session.close();
            } catch (IOException ignored) {
                // closed anyway
            }
        }
        sessions.clear();
    }

    private void acceptLoop(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                sessions.add(socket);
                Thread session = new Thread(() -> session(socket), "scripted-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = socket.getOutputStream()) {
            if (mode == Mode.REFUSE_AT_GREETING) {
                reply(out, "421 scripted-smtp busy, try again later");
                return;
            }
            reply(out, "220 scripted-smtp ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 scripted-smtp");
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            // the message itself is not kept
                        }
                        if (data == null) {
                            return;
                        }
                        received.incrementAndGet();
                        switch (mode) {
                            case HANG_AFTER_DATA -> {
                                // Never answers: waits until the client gives up and closes.
                                while (in.readLine() != null) {
                                    // ignore whatever comes
                                }
                                return;
                            }
                            case DROP_AFTER_DATA -> {
                                return;
                            }
                            case TEMPORARY_ERROR_AFTER_DATA -> reply(out, "451 4.3.0 temporary failure, try later");
                            default -> {
                                reply(out, "250 OK queued");
                                accepted.incrementAndGet();
                            }
                        }
                    }
                    case "QUIT" -> {
                        if (mode == Mode.HANG_AT_QUIT) {
                            while (in.readLine() != null) {
                                // never answers
                            }
                            return;
                        }
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            sessions.remove(socket);
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        stop();
    }
}
