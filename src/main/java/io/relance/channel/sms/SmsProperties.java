package io.relance.channel.sms;

import io.relance.channel.http.HttpClientSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * SMS settings ({@code relance.sms.*}).
 *
 * @param gatewayUrl         base URL of the Vonage SMS API ({@code https://rest.nexmo.com}); empty: nothing is
 *                           sent, SMS are kept in memory by {@link SmsSink} (development only)
 * @param apiKey             Vonage API key (required with a gateway URL)
 * @param apiSecret          Vonage API secret (required with a gateway URL; never logged)
 * @param sender             the {@code from} of every SMS: an alphanumeric sender id (up to 11 letters or digits,
 *                           where the destination country allows one) or a number (required with a gateway URL)
 * @param deliveryReceiptUrl where Vonage should send delivery receipts for these SMS (its {@code callback}
 *                           parameter); empty: the webhook set in the Vonage dashboard
 * @param maxSegments        the most SMS segments one text may need (each is billed)
 * @param stopMention        opt-out mention added to commercial SMS: "STOP" and the short number your provider
 *                           gave you for replies
 * @param http               timeouts and retries of the calls to the gateway
 */
@ConfigurationProperties("relance.sms")
record SmsProperties(String gatewayUrl, String apiKey, String apiSecret, String sender, String deliveryReceiptUrl,
                     @DefaultValue("3") int maxSegments,
                     @DefaultValue("STOP au 36111") String stopMention,
                     @DefaultValue HttpClientSettings http) {

    SmsProperties {
        if (gatewayConfigured(gatewayUrl)) {
            httpUrl(gatewayUrl, "relance.sms.gateway-url");
            StringBuilder missing = new StringBuilder();
            if (blank(apiKey)) {
                missing.append(" relance.sms.api-key");
            }
            if (blank(apiSecret)) {
                missing.append(" relance.sms.api-secret");
            }
            if (blank(sender)) {
                missing.append(" relance.sms.sender");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("relance.sms.gateway-url is set, so SMS go to Vonage, but these"
                        + " are empty:" + missing + " (or empty the gateway URL to keep SMS in memory, development only)");
            }
            if (!sender.strip().matches("\\+?[0-9]{1,15}") && !sender.strip().matches("[A-Za-z0-9 ]{1,11}")) {
                throw new IllegalArgumentException("relance.sms.sender must be a number or up to 11 letters, digits"
                        + " and spaces (an alphanumeric sender id), was '" + sender + "'");
            }
        }
        if (!blank(deliveryReceiptUrl)) {
            httpUrl(deliveryReceiptUrl, "relance.sms.delivery-receipt-url");
        }
    }

    static boolean gatewayConfigured(String gatewayUrl) {
        return !blank(gatewayUrl);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void httpUrl(String value, String property) {
        String scheme;
        try {
            URI uri = URI.create(value.strip());
            scheme = uri.getHost() == null ? null : uri.getScheme();
        } catch (IllegalArgumentException e) {
            scheme = null;
        }
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException(property + " must be an http(s) URL such as https://rest.nexmo.com");
        }
    }
}
