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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real SMTP server (plain RFC 5321 dialogue on a local port) that takes {@code delayMillis} to accept each message,
 * like a busy provider. It counts the messages it accepted per recipient and per client (the name the client gives
 * in {@code EHLO}, e.g. JavaMail's {@code mail.smtp.localhost}): a message counts once the server answered 250 to its
 * DATA; a client that goes away before leaves nothing.
 * <p>
 * It can {@link #goDown() go down} and {@link #comeBack() come back} on the same port: while down, new connections are
 * refused and open sessions answer their next command with {@code 421} and close — before any message is handed
 * over, so a send that fails on it was certainly not delivered. A message whose data the server already had when it
 * went down is accepted as usual.
 * <p>
 * It also counts accepted messages per value of their {@value #COMMUNICATION_HEADER} header (Relance's communication
 * id), and can {@link #hold(String) hold} a client's messages (all, or those
 * {@link #hold(String, Predicate) chosen} by their communication id): their data is taken but not answered until
 * {@link #release(String) released} — a client stopped meanwhile leaves messages whose outcome it never learnt.
 */
public final class SlowSmtp implements AutoCloseable {

    /** The header whose values {@link #perCommunication()} counts. */
    public static final String COMMUNICATION_HEADER = "X-Relance-Communication";

    private final long delayMillis;
    private final int port;
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> acceptedFrom = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> handingOver = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perCommunication = new ConcurrentHashMap<>();
    /** Guarded by {@link #state}. */
    private final Map<String, Predicate<String>> held = new HashMap<>();
    private final Object state = new Object();
    private volatile ServerSocket server;
    private volatile boolean open = true;
    /** Guarded by {@link #state}. */
    private boolean down;

    /** On a free local port. */
    public SlowSmtp(long delayMillis) throws IOException {
        this(0, delayMillis);
    }

    /** On that local port (0: a free one). */
    public SlowSmtp(int port, long delayMillis) throws IOException {
        this.delayMillis = delayMillis;
        this.server = listen(port);
        this.port = server.getLocalPort();
        startAcceptor(server);
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return socket;
    }

    private void startAcceptor(ServerSocket listening) {
        Thread acceptor = new Thread(() -> acceptLoop(listening), "slow-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return port;
    }

    /** Messages accepted, all recipients. */
    public int total() {
        return total.get();
    }

    /** Messages accepted per recipient address (lower case). */
    public Map<String, Integer> perRecipient() {
        return copy(accepted);
    }

    /** Messages accepted per client name (its {@code EHLO} argument; {@code ?} without one). */
    public Map<String, Integer> perClient() {
        return copy(acceptedFrom);
    }

    /** Messages accepted per {@value #COMMUNICATION_HEADER} value (messages without the header are not listed). */
    public Map<String, Integer> perCommunication() {
        return copy(perCommunication);
    }

    /**
     * Holds the messages of that client (its {@code EHLO} name): their data is taken, and the answer waits until
     * {@link #release}; {@link #handingOver} counts them meanwhile.
     */
    public void hold(String client) {
        hold(client, communicationId -> true);
    }

    /**
     * Holds the messages of that client that {@code which} chooses by their {@value #COMMUNICATION_HEADER} value (null
     * for a message without one), asked once per message when its data has arrived; the others are answered as usual.
     */
    public void hold(String client, Predicate<String> which) {
        synchronized (state) {
            held.put(client, which);
        }
    }

    /** Answers the held messages of that client (after the delay), and holds none of its next ones. */
    public void release(String client) {
        synchronized (state) {
            held.remove(client);
            state.notifyAll();
        }
    }

    private void waitIfHeld(String client, String communication) throws InterruptedException {
        Predicate<String> which;
        synchronized (state) {
            which = held.get(client);
        }
        if (which == null || !which.test(communication)) {
            return;
        }
        synchronized (state) {
            while (open && held.containsKey(client)) {
                state.wait(200);
            }
        }
    }

    /** Messages of that client whose data the server has and has not answered yet (in its delay). */
    public int handingOver(String client) {
        AtomicInteger count = handingOver.get(client);
        return count == null ? 0 : count.get();
    }

    private static Map<String, Integer> copy(Map<String, AtomicInteger> counts) {
        Map<String, Integer> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Stops listening (connections refused); open sessions answer their next command with 421 and close. */
    public void goDown() throws IOException {
        synchronized (state) {
            down = true;
        }
        server.close();
    }

    /** Listens again, on the same port. */
    public void comeBack() throws IOException {
        ServerSocket listening = listen(port);
        synchronized (state) {
            down = false;
        }
        server = listening;
        startAcceptor(listening);
    }

    private boolean isDown() {
        synchronized (state) {
            return down;
        }
    }

    private void acceptLoop(ServerSocket listening) {
        while (open && !listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                Thread session = new Thread(() -> session(socket), "slow-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                // closed: gone down, or the server is closed
            }
        }
    }

    private void session(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = socket.getOutputStream()) {
            reply(out, "220 slow-smtp ESMTP");
            List<String> recipients = new ArrayList<>();
            String client = "?";
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                if (isDown() && !command.equals("QUIT")) {
                    reply(out, "421 slow-smtp Service not available, closing transmission channel");
                    return;
                }
                switch (command) {
                    case "EHLO", "HELO" -> {
                        client = line.length() > 5 ? line.substring(5).strip() : "?";
                        reply(out, "250 slow-smtp");
                    }
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
                        String communication = null;
                        boolean inHeaders = true;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            // the message itself is not kept, only its communication id
                            if (data.isEmpty()) {
                                inHeaders = false;
                            } else if (inHeaders && communication == null && data.regionMatches(true, 0,
                                    COMMUNICATION_HEADER + ":", 0, COMMUNICATION_HEADER.length() + 1)) {
                                communication = data.substring(COMMUNICATION_HEADER.length() + 1).strip();
                            }
                        }
                        if (data == null) {
                            return;
                        }
                        AtomicInteger inHand = handingOver.computeIfAbsent(client, c -> new AtomicInteger());
                        inHand.incrementAndGet();
                        try {
                            waitIfHeld(client, communication);
                            Thread.sleep(delayMillis);
                            reply(out, "250 OK queued");
                        } finally {
                            inHand.decrementAndGet();
                        }
                        for (String recipient : recipients) {
                            accepted.computeIfAbsent(recipient, r -> new AtomicInteger()).incrementAndGet();
                        }
                        acceptedFrom.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
                        if (communication != null) {
                            perCommunication.computeIfAbsent(communication, c -> new AtomicInteger())
                                    .incrementAndGet();
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
        synchronized (state) {
            state.notifyAll();
        }
        server.close();
    }
}
