package io.relance.contact;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a consent answer came from, kept with each record of the consent history. The known sources are listed
 * here; an integration may name its own as {@code x-<name>} (lowercase letters, digits and {@code -}, e.g.
 * {@code x-crm}, {@code x-checkout-form}).
 */
public final class ConsentSource {

    /** {@code PUT /api/contacts/{id}} without a source (the default). */
    public static final String API = "api";
    /** The button of the unsubscribe page behind a message's unsubscribe link. */
    public static final String UNSUBSCRIBE_LINK = "unsubscribe-link";
    /** A mail client's RFC 8058 one-click unsubscribe ({@code List-Unsubscribe=One-Click}). */
    public static final String ONE_CLICK = "one-click";
    /** A STOP text message from the contact's phone number. */
    public static final String SMS_STOP = "sms-stop";
    /** A bulk import from another system. */
    public static final String IMPORT = "import";
    /** Recorded by a user of a task list (e.g. a sales rep on the phone). */
    public static final String TASKLIST = "tasklist";
    /** An {@code Unsubscribed} event posted to {@code /api/events}. */
    public static final String EVENT = "event";
    /** The answers known when the history started (migration V15); never given by a request. */
    public static final String RECORDED_BEFORE_HISTORY = "recorded-before-history";

    /** The sources a request may give. */
    public static final List<String> KNOWN = List.of(API, UNSUBSCRIBE_LINK, ONE_CLICK, SMS_STOP, IMPORT, TASKLIST,
            EVENT);

    /** A source a request may give: a known one, or {@code x-<name>}. */
    public static final String PATTERN = "api|unsubscribe-link|one-click|sms-stop|import|tasklist|event"
            + "|x-[a-z0-9][a-z0-9-]{0,39}";
    static final String PATTERN_MESSAGE = "must be one of api, unsubscribe-link, one-click, sms-stop, import,"
            + " tasklist, event, or x-<name> (lowercase letters, digits and -, up to 40)";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private ConsentSource() {
    }

    public static boolean isValid(String source) {
        return source != null && COMPILED.matcher(source).matches();
    }
}
