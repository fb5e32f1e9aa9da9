package io.relance.channel.http;

import io.relance.channel.ProviderOutcomeUnknownException;
import io.relance.channel.ProviderRejectedException;
import io.relance.channel.ProviderUnavailableException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * POSTs to a provider (SMS gateway, webhook receiver) with timeouts and bounded retries, shared by the SMS and
 * webhook clients.
 *
 * <ul>
 *   <li>Retried: 5xx, 429 and 408 answers, I/O failures (connection refused or reset, timeouts, unknown host), and
 *       2xx answers whose handler throws {@link RetryableReplyException}. Waits grow exponentially with jitter;
 *       a {@code Retry-After} up to {@link HttpClientSettings#maxRetryAfter()} is honoured, a longer one ends the
 *       send at once.</li>
 *   <li>Not retried: any other 4xx, and 3xx (redirects are not followed: a POST must not turn into a GET, nor its
 *       body go to another host) → {@link ProviderRejectedException} with the status and a short excerpt of the
 *       body.</li>
 *   <li>When no attempt is left → {@link ProviderUnavailableException} naming the URL, the last status or
 *       exception and the number of attempts.</li>
 * </ul>
 *
 * <p>Every attempt of one send carries the same {@code Idempotency-Key} header (given by the caller), so that a
 * receiver can recognise a repeat: a timed-out attempt may well have been received. Whether the receiver does is
 * said by each caller ({@link Repeats}): when it does not (Vonage's SMS API), an attempt that fails <em>after</em>
 * its request was fully written (no answer before the read timeout, connection lost while waiting, or a 504 from a
 * gateway in front of it) may have been taken, and is not repeated: it ends as
 * {@link ProviderOutcomeUnknownException}. Failures before the request was written (connection refused, connect
 * timeout, a connection lost while writing) and clear answers (429, 503, 5xx other than 504) are retried as above.
 *
 * <p>Nothing secret is logged or put in an exception: bodies are never logged, and URLs appear without their query
 * string and user info (where tokens tend to live).
 */
public final class ResilientHttp implements AutoCloseable {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Logger log = LoggerFactory.getLogger(ResilientHttp.class);
    private static final int MAX_REPLY_BYTES = 64 * 1024;
    private static final int EXCERPT_CHARS = 200;

    /** What to do with a 2xx answer: return a result, or throw (see {@link RetryableReplyException}). */
    @FunctionalInterface
    public interface ReplyHandler<T> {
        T handle(HttpReply reply);
    }

    /** Whether the receiver recognises a repeated request, and so whether one that may have arrived is sent again. */
    public enum Repeats {
        /** The receiver recognises a repeat by its {@code Idempotency-Key} (webhook receivers): retried. */
        RECOGNISED,
        /**
         * The receiver does not (an SMS gateway without idempotency keys): a request that may have arrived is never
         * sent again; its outcome is unknown.
         */
        NOT_RECOGNISED
    }

    /** Waits between attempts; replaced in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final String name;
    private final HttpClientSettings settings;
    private final Repeats repeats;
    private final OkHttpClient client;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    /**
     * @param name     a short name for the logs ("sms", "webhook")
     * @param settings timeouts and retries
     * @param repeats  whether the receiver recognises a repeated request
     */
    public ResilientHttp(String name, HttpClientSettings settings, Repeats repeats) {
        this(name, settings, repeats, Thread::sleep, null);
    }

    /** For a receiver that recognises repeats. */
    ResilientHttp(String name, HttpClientSettings settings, Sleeper sleeper, RandomGenerator random) {
        this(name, settings, Repeats.RECOGNISED, sleeper, random);
    }

    /** @param random jitter source; null: the calling thread's {@link ThreadLocalRandom} */
    ResilientHttp(String name, HttpClientSettings settings, Repeats repeats, Sleeper sleeper, RandomGenerator random) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.repeats = Objects.requireNonNull(repeats, "repeats");
        this.sleeper = sleeper;
        this.random = random;
        this.client = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.writeTimeout())
                .followRedirects(false)
                .followSslRedirects(false)
                // Every attempt is one of ours, counted, logged and sent with the idempotency key.
                .retryOnConnectionFailure(false)
                .eventListenerFactory(call -> {
                    Attempt attempt = call.request().tag(Attempt.class);
                    return attempt == null ? EventListener.NONE : attempt;
                })
                .build();
    }

    public HttpClientSettings settings() {
        return settings;
    }

    public Repeats repeats() {
        return repeats;
    }

    /** What one attempt got to: its request fully written (body ended and flushed) or not. */
    private static final class Attempt extends EventListener {
        private volatile boolean bodyEnded;
        private volatile boolean writeFailed;

        @Override
        public void requestBodyEnd(Call call, long byteCount) {
            bodyEnded = true;
        }

        @Override
        public void requestFailed(Call call, IOException ioe) {
            writeFailed = true;
        }

        boolean written() {
            return bodyEnded && !writeFailed;
        }
    }

    /** POSTs {@code body}; returns the first 2xx answer. */
    public HttpReply post(String url, String idempotencyKey, String contentType, byte[] body) {
        return post(url, idempotencyKey, contentType, body, Map::of, reply -> reply);
    }

    /**
     * POSTs {@code body} until an attempt gets a 2xx answer that {@code handler} accepts.
     *
     * @param attemptHeaders called before each attempt for its extra headers (e.g. a signature with a fresh
     *                       timestamp); the body is the same for every attempt
     * @param handler        turns the 2xx answer into a result; may throw {@link RetryableReplyException} to try
     *                       again, or any other exception to stop
     * @throws ProviderRejectedException    on a 4xx (except 408 and 429) or 3xx answer
     * @throws ProviderUnavailableException when no attempt is left, or the provider asks to wait too long
     * @throws IllegalArgumentException     when the URL is not an http(s) URL or the key is blank
     */
    public <T> T post(String url, String idempotencyKey, String contentType, byte[] body,
                      Supplier<Map<String, String>> attemptHeaders, ReplyHandler<T> handler) {
        HttpUrl target = url == null ? null : HttpUrl.parse(url);
        if (target == null) {
            throw new IllegalArgumentException("Not an http(s) URL: " + redact(url));
        }
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("An idempotency key is required for every send");
        }
        String where = "POST " + redact(target);
        RequestBody requestBody = RequestBody.create(body, MediaType.get(contentType));
        int attempts = settings.maxAttempts();
        String lastProblem = "not attempted";
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Attempt sent = new Attempt();
            Request.Builder request = new Request.Builder().url(target).post(requestBody).tag(Attempt.class, sent)
                    .header("User-Agent", "Relance")
                    .header(IDEMPOTENCY_KEY, idempotencyKey);
            attemptHeaders.get().forEach(request::header);
            Duration retryAfter = null;
            try (Response response = client.newCall(request.build()).execute()) {
                int status = response.code();
                String text = read(response.body());
                if (status >= 200 && status < 300) {
                    try {
                        T result = handler.handle(new HttpReply(status, text, attempt));
                        if (attempt > 1) {
                            log.info("{} {} succeeded at attempt {}/{} [{}: {}]", name, where, attempt, attempts,
                                    IDEMPOTENCY_KEY, idempotencyKey);
                        }
                        return result;
                    } catch (RetryableReplyException e) {
                        lastProblem = "HTTP " + status + " reporting a temporary failure: " + e.getMessage();
                        lastCause = e;
                    }
                } else if (status == 504 && repeats == Repeats.NOT_RECOGNISED) {
                    throw new ProviderOutcomeUnknownException(where + " answered HTTP 504 (a gateway in front of the"
                            + " provider gave up waiting for it) at attempt " + attempt + " of " + attempts
                            + ": the provider may have taken it; not sent again", null);
                } else if (status == 408 || status == 429 || status >= 500) {
                    lastProblem = "HTTP " + status + excerptSuffix(text);
                    lastCause = null;
                    retryAfter = retryAfter(response.header("Retry-After"));
                    if (retryAfter != null && retryAfter.compareTo(settings.maxRetryAfter()) > 0) {
                        throw new ProviderUnavailableException(where + " answered HTTP " + status
                                + " asking to retry after " + retryAfter.toSeconds() + " s (more than max-retry-after "
                                + settings.maxRetryAfter().toSeconds() + " s); gave up after attempt " + attempt
                                + " of " + attempts);
                    }
                } else {
                    String what = status >= 300 && status < 400
                            ? "redirected with HTTP " + status + " (redirects are not followed; configure the final URL)"
                            : "refused the request with HTTP " + status;
                    throw new ProviderRejectedException(where + " " + what + ": " + excerpt(text));
                }
            } catch (IOException e) {
                lastProblem = describe(e);
                lastCause = e;
                if (repeats == Repeats.NOT_RECOGNISED && sent.written()) {
                    throw new ProviderOutcomeUnknownException(where + ": the request was fully sent, then "
                            + lastProblem + " (attempt " + attempt + " of " + attempts + "): the provider may have taken it; not sent"
                            + " again", e);
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new ProviderUnavailableException(where + " interrupted at attempt " + attempt + " of "
                            + attempts + ": " + lastProblem, e);
                }
            }
            if (attempt < attempts) {
                long wait = backoffMillis(attempt);
                if (retryAfter != null) {
                    wait = Math.max(wait, retryAfter.toMillis());
                }
                log.warn("{} {} attempt {}/{} failed ({}); retrying in {} ms [{}: {}]", name, where, attempt,
                        attempts, lastProblem, wait, IDEMPOTENCY_KEY, idempotencyKey);
                pause(wait, where);
            }
        }
        throw new ProviderUnavailableException(where + " failed after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + "; last: " + lastProblem, lastCause);
    }

    /** The wait after failed attempt {@code attempt} (1-based): exponential, capped, with "equal jitter". */
    long backoffMillis(int attempt) {
        long initial = settings.initialBackoff().toMillis();
        long cap = settings.maxBackoff().toMillis();
        if (initial <= 0 || cap <= 0) {
            return 0;
        }
        int doublings = Math.min(attempt - 1, 30);
        long base = initial > (cap >> doublings) ? cap : Math.min(cap, initial << doublings);
        long half = base / 2;
        RandomGenerator jitter = random != null ? random : ThreadLocalRandom.current();
        return half + jitter.nextLong(base - half + 1);
    }

    private void pause(long millis, String where) {
        if (millis <= 0) {
            return;
        }
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(where + " interrupted while waiting to retry", e);
        }
    }

    /** {@code Retry-After}: delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return Duration.ofSeconds(Math.max(0, seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String read(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        try (InputStream in = body.byteStream()) {
            return new String(in.readNBytes(MAX_REPLY_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        if (e instanceof SocketTimeoutException) {
            return "timeout" + (message.equalsIgnoreCase(": timeout") ? "" : message);
        }
        if (e instanceof ConnectException) {
            return "connection failed" + message;
        }
        return e.getClass().getSimpleName() + message;
    }

    private static String excerptSuffix(String text) {
        return text.isBlank() ? "" : ": " + excerpt(text);
    }

    /** The start of a body on one line, for messages. */
    static String excerpt(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        if (line.isEmpty()) {
            return "(empty body)";
        }
        return line.length() <= EXCERPT_CHARS ? line : line.substring(0, EXCERPT_CHARS) + "…";
    }

    /** Scheme, host, port and path only: query strings and user info may hold tokens. */
    static String redact(HttpUrl url) {
        return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
    }

    private static String redact(String url) {
        if (url == null) {
            return "null";
        }
        // Unparsable: shown only when it cannot hold a token or a password.
        return url.matches("[^?#@]*") ? "'" + url + "'" : "(not shown: it has a query, fragment or user info)";
    }

    /** Releases the client's pooled connections and threads. */
    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
