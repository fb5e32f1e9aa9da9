package io.relance.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The benchmarks' SMTP server: accepts every message, drops its body, and keeps per recipient how many messages
 * arrived and when the first did (so a benchmark can tell the lag of each mail, a mail sent twice, and what an
 * unexpected mail was: its recipient and subject). Relance does the whole delivery (renders the mail, speaks SMTP);
 * only the storage at the other end is skipped. Several messages per connection, like a real server.
 */
final class CountingSmtp implements AutoCloseable {

    /** A mail for a recipient the benchmark did not expect. */
    record Unexpected(String recipient, String subject) {
    }

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-smtp");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final Map<String, Integer> perRecipient = new ConcurrentHashMap<>();
    private final Map<String, Long> firstArrivalNanos = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Unexpected> unexpected = new ConcurrentLinkedQueue<>();
    private final Predicate<String> expected;

    private CountingSmtp(ServerSocket server, Predicate<String> expected) {
        this.server = server;
        this.expected = expected;
    }

    /** A server on a free local port; {@code expected} tells the recipients of this run (lower case). */
    static CountingSmtp start(Predicate<String> expected) throws IOException {
        CountingSmtp smtp = new CountingSmtp(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), expected);
        Thread acceptor = new Thread(smtp::accept, "bench-smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return smtp;
    }

    int port() {
        return server.getLocalPort();
    }

    long messages() {
        return messages.get();
    }

    long connections() {
        return connectionsOpened.get();
    }

    /** When the first mail to this recipient arrived ({@link System#nanoTime()}), or null. */
    Long firstArrival(String recipient) {
        return firstArrivalNanos.get(recipient.toLowerCase(Locale.ROOT));
    }

    /** Recipients that received more than one mail, with how many. */
    Map<String, Integer> duplicates() {
        Map<String, Integer> duplicates = new java.util.TreeMap<>();
        perRecipient.forEach((recipient, n) -> {
            if (n > 1) {
                duplicates.put(recipient, n);
            }
        });
        return duplicates;
    }

    List<Unexpected> unexpected() {
        return List.copyOf(unexpected);
    }

    /** Why the mail received is not exactly one per expected recipient (empty when it is). */
    String whyNot(long expectedMails) {
        List<String> why = new ArrayList<>();
        Map<String, Integer> duplicates = duplicates();
        if (!duplicates.isEmpty()) {
            why.add(duplicates.size() + " recipients received more than one mail, e.g. "
                    + duplicates.entrySet().stream().limit(5).toList());
        }
        List<Unexpected> others = unexpected();
        if (!others.isEmpty()) {
            why.add(others.size() + " mails not for this run's contacts: "
                    + others.stream().limit(5).map(u -> "to " + u.recipient() + " '" + u.subject() + "'").toList());
        }
        long expectedReceived = messages() - others.size() - duplicates.values().stream().mapToInt(n -> n - 1).sum();
        if (expectedReceived < expectedMails) {
            why.add((expectedMails - expectedReceived) + " expected recipients received nothing");
        }
        return String.join("; ", why);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connectionsOpened.incrementAndGet();
                connections.execute(() -> converse(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("SMTP server: " + e);
                }
            }
        }
    }

    private void converse(Socket socket) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                     StandardCharsets.UTF_8));
             Writer out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(),
                     StandardCharsets.ISO_8859_1))) {
            reply(out, "220 bench-smtp ESMTP");
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() < 4 ? line.toUpperCase(Locale.ROOT)
                        : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (command) {
                    case "EHLO" -> reply(out, "250-bench-smtp\r\n250 8BITMIME");
                    case "HELO" -> reply(out, "250 bench-smtp");
                    case "MAIL", "RSET" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        int lt = line.indexOf('<');
                        int gt = line.indexOf('>');
                        recipients.add(line.substring(lt + 1, gt).toLowerCase(Locale.ROOT));
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String data;
                        String subject = null;
                        boolean headers = true;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            if (headers && data.isEmpty()) {
                                headers = false;
                            } else if (headers && subject == null && data.regionMatches(true, 0, "Subject:", 0, 8)) {
                                subject = data.substring(8).strip();
                            }
                        }
                        if (data == null) {
                            return;
                        }
                        long now = System.nanoTime();
                        for (String recipient : recipients) {
                            perRecipient.merge(recipient, 1, Integer::sum);
                            firstArrivalNanos.putIfAbsent(recipient, now);
                            if (!expected.test(recipient)) {
                                unexpected.add(new Unexpected(recipient, subject));
                            }
                        }
                        messages.incrementAndGet();
                        reply(out, "250 OK");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private static void reply(Writer out, String text) throws IOException {
        out.write(text + "\r\n");
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.shutdownNow();
    }
}
