package io.relance.tracking;

import io.relance.channel.TrackedLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Signed tokens of the links Relance puts in messages (open pixel, click redirect, unsubscribe). A token names a
 * communication by its random id and is signed with HMAC-SHA256: a forged or altered token is refused. The secret is
 * {@code relance.tracking.secret}, or else one generated at first start and kept in the database for every node.
 */
@Component
public class TrackingTokens implements TrackedLinks {

    private static final Logger log = LoggerFactory.getLogger(TrackingTokens.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** What a token is for, and its path under {@code /t/}. */
    public enum Kind {
        OPEN("o"), CLICK("c"), UNSUBSCRIBE("u");

        private final String path;

        Kind(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    /** A verified token: the kind, the communication, and for clicks the index of the link in the message. */
    public record Token(Kind kind, String communicationId, int link) {
    }

    private final byte[] secret;
    private final String publicUrl;

    TrackingTokens(@Value("${relance.tracking.secret:}") String configured,
                   @Value("${relance.public-url:http://localhost:8080}") String publicUrl, StoredSecrets secrets) {
        this.secret = (configured == null || configured.isBlank() ? secrets.get("tracking") : configured)
                .getBytes(StandardCharsets.UTF_8);
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        if (!this.publicUrl.startsWith("https://")) {
            log.info("relance.public-url is {}: unsubscribe links of real mail must be https (RFC 8058)", publicUrl);
        }
    }

    @Override
    public String openPixel(String communicationId) {
        return url(Kind.OPEN, communicationId, 0);
    }

    @Override
    public String click(String communicationId, int link) {
        return url(Kind.CLICK, communicationId, link);
    }

    @Override
    public String unsubscribe(String communicationId) {
        return url(Kind.UNSUBSCRIBE, communicationId, 0);
    }

    public String url(Kind kind, String communicationId, int link) {
        return publicUrl + "/t/" + kind.path() + "/" + sign(kind, communicationId, link);
    }

    /** The secret path segment of the SMS delivery-receipt webhook: only the provider, told the URL, knows it. */
    public String receiptKey() {
        return B64.encodeToString(mac("sms-delivery-receipts"));
    }

    public String smsReceiptUrl() {
        return publicUrl + "/t/sms/" + receiptKey();
    }

    public boolean isReceiptKey(String key) {
        return key != null && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                receiptKey().getBytes(StandardCharsets.UTF_8));
    }

    /** The secret path segment of the inbound-SMS webhook (STOP replies): only the provider, told the URL, knows it. */
    public String inboundSmsKey() {
        return B64.encodeToString(mac("sms-inbound-messages"));
    }

    public String inboundSmsUrl() {
        return publicUrl + "/t/sms-in/" + inboundSmsKey();
    }

    public boolean isInboundSmsKey(String key) {
        return key != null && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                inboundSmsKey().getBytes(StandardCharsets.UTF_8));
    }

    public String sign(Kind kind, String communicationId, int link) {
        String payload = kind.path() + ":" + communicationId + ":" + link;
        String encoded = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + B64.encodeToString(mac(encoded));
    }

    /** The token's content when its signature is right and it is of the expected kind. */
    public Optional<Token> verify(Kind expected, String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String encoded = token.substring(0, dot);
        try {
            byte[] signature = B64D.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(encoded))) {
                return Optional.empty();
            }
            List<String> parts = Arrays.asList(new String(B64D.decode(encoded), StandardCharsets.UTF_8).split(":"));
            if (parts.size() != 3 || !parts.get(0).equals(expected.path()) || !ID.matcher(parts.get(1)).matches()) {
                return Optional.empty();
            }
            return Optional.of(new Token(expected, parts.get(1), Integer.parseInt(parts.get(2))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
