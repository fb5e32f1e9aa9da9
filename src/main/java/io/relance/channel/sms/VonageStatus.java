package io.relance.channel.sms;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code status} of each message in a Vonage SMS API answer, and what Relance makes of it.
 *
 * <p>Codes and meanings from Vonage's "Troubleshooting SMS" guide
 * (https://developer.vonage.com/messaging/sms/guides/troubleshooting-sms) and its API error list
 * (https://developer.vonage.com/api-errors/sms), checked 2026-11. 13 ("Communication Failed") is from older Nexmo
 * documentation and kept for safety. Any code not listed here is treated as {@link Kind#ACCOUNT}: unexpected,
 * so an operator looks rather than the message being dropped.
 */
enum VonageStatus {
    SUCCESS(0, "Success", Kind.ACCEPTED),
    THROTTLED(1, "Throttled", Kind.TEMPORARY),
    MISSING_PARAMETERS(2, "Missing Parameters", Kind.PERMANENT),
    INVALID_PARAMETERS(3, "Invalid Parameters", Kind.PERMANENT),
    INVALID_CREDENTIALS(4, "Invalid Credentials", Kind.ACCOUNT),
    INTERNAL_ERROR(5, "Internal Error", Kind.TEMPORARY),
    INVALID_MESSAGE(6, "Invalid Message", Kind.PERMANENT),
    NUMBER_BARRED(7, "Number Barred", Kind.PERMANENT),
    PARTNER_ACCOUNT_BARRED(8, "Partner Account Barred", Kind.ACCOUNT),
    PARTNER_QUOTA_VIOLATION(9, "Partner Quota Violation", Kind.ACCOUNT),
    TOO_MANY_EXISTING_BINDS(10, "Too Many Existing Binds", Kind.TEMPORARY),
    ACCOUNT_NOT_ENABLED_FOR_HTTP(11, "Account Not Enabled For HTTP", Kind.ACCOUNT),
    MESSAGE_TOO_LONG(12, "Message Too Long", Kind.PERMANENT),
    COMMUNICATION_FAILED(13, "Communication Failed", Kind.TEMPORARY),
    INVALID_SIGNATURE(14, "Invalid Signature", Kind.ACCOUNT),
    INVALID_SENDER_ADDRESS(15, "Invalid Sender Address", Kind.PERMANENT),
    INVALID_NETWORK_CODE(22, "Invalid Network Code", Kind.PERMANENT),
    INVALID_CALLBACK_URL(23, "Invalid Callback Url", Kind.PERMANENT),
    NON_WHITELISTED_DESTINATION(29, "Non-Whitelisted Destination", Kind.PERMANENT),
    SIGNATURE_AND_API_SECRET_DISALLOWED(32, "Signature And API Secret Disallowed", Kind.ACCOUNT),
    NUMBER_DEACTIVATED(33, "Number De-activated", Kind.PERMANENT);

    enum Kind {
        /** Queued for delivery. */
        ACCEPTED,
        /** Try again shortly (the client retries, then the job): throttling, a hiccup at Vonage. */
        TEMPORARY,
        /**
         * Wrong with our Vonage account, not with this message (credentials, credit, suspension): every message
         * would fail alike, so none is marked failed for good — the send is unavailable, the job ends as an
         * incident, and retrying it after the account is fixed sends the message.
         */
        ACCOUNT,
        /** Wrong with this message or number: retrying would not help. */
        PERMANENT
    }

    private static final Map<Integer, VonageStatus> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toMap(s -> s.code, Function.identity()));

    final int code;
    final String title;
    final Kind kind;

    VonageStatus(int code, String title, Kind kind) {
        this.code = code;
        this.title = title;
        this.kind = kind;
    }

    /** null for a code Vonage did not document. */
    static VonageStatus of(int code) {
        return BY_CODE.get(code);
    }
}
