package io.relance.channel.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The signature of Relance's webhook calls, for Relance and for receivers.
 *
 * <p>Each call carries {@code X-Relance-Timestamp: <epoch seconds>} and
 * {@code X-Relance-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>" with the shared secret>}. A receiver
 * recomputes it over the raw body bytes, compares in constant time, and refuses a timestamp too far from its
 * clock (a replayed call). The header may list several comma-separated {@code v1=} values (e.g. while a secret is
 * rotated); one match suffices.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "X-Relance-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Relance-Signature";
    /** The signature scheme: HMAC-SHA256 over {@code "<timestamp>.<body>"}, hex. */
    public static final String VERSION = "v1";

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {
    }

    /** The {@code X-Relance-Signature} value for this timestamp and body. */
    public static String sign(String secret, long timestamp, byte[] body) {
        return VERSION + "=" + HEX.formatHex(hmac(secret, timestamp, body));
    }

    /**
     * Checks a call against the present time.
     *
     * @param secret          the shared secret
     * @param timestamp       the {@code X-Relance-Timestamp} header
     * @param body            the raw body, as received (UTF-8)
     * @param signatureHeader the {@code X-Relance-Signature} header
     * @param tolerance       how far the timestamp may be from now, either way (e.g. 5 minutes)
     * @return true when a signature matches and the timestamp is recent; false for anything missing or malformed
     */
    public static boolean verify(String secret, String timestamp, String body, String signatureHeader,
                                 Duration tolerance) {
        return verify(secret, timestamp, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                signatureHeader, tolerance, Instant.now());
    }

    /** As {@link #verify(String, String, String, String, Duration)}, on the raw body bytes, at {@code now}. */
    public static boolean verify(String secret, String timestamp, byte[] body, String signatureHeader,
                                 Duration tolerance, Instant now) {
        if (secret == null || secret.isEmpty() || timestamp == null || body == null || signatureHeader == null
                || tolerance == null || now == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, seconds, body);
        boolean match = false;
        for (String part : signatureHeader.split(",")) {
            String candidate = part.strip();
            if (!candidate.startsWith(VERSION + "=")) {
                continue;
            }
            byte[] given;
            try {
                given = HEX.parseHex(candidate.substring(VERSION.length() + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // Constant time, and every candidate is compared: the time taken tells nothing.
            match |= MessageDigest.isEqual(expected, given);
        }
        return match;
    }

    private static byte[] hmac(String secret, long timestamp, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
