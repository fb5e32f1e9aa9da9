package io.relance.channel.sms;

import java.util.Locale;
import java.util.Objects;

/**
 * Builds the final text of an SMS and measures it.
 *
 * <ul>
 *   <li>A commercial message gets the opt-out mention ({@code relance.sms.stop-mention}, e.g. "STOP au 36111")
 *       on a line of its own, unless the text already has it (case and spacing aside). French rules (CNIL, the
 *       operators' code of conduct) want it in every commercial SMS; transactional ones do without.</li>
 *   <li>The encoding follows from the characters (see {@link SmsEncoding}) and the number of segments from the
 *       length, parts never splitting a two-septet extension character or an emoji.</li>
 *   <li>A text needing more than {@code relance.sms.max-segments} segments is refused
 *       ({@link SmsTooLongException}): each segment is billed, and long texts often come from a template error.</li>
 * </ul>
 */
public final class SmsText {

    /** GSM 03.38 basic alphabet (the escape to the extension table, 0x1B, is not a character of its own). */
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** GSM 03.38 extension table: each takes two septets (escape + character). */
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    /**
     * The size of a text once encoded.
     *
     * @param encoding GSM-7 or UCS-2
     * @param units    septets (GSM-7, extension characters counting two) or UTF-16 code units (UCS-2)
     * @param segments SMS needed: 1 up to the single-message limit, otherwise parts of the concatenated limit
     */
    public record Size(SmsEncoding encoding, int units, int segments) {
    }

    /**
     * A text ready to send.
     *
     * @param text the final text, stop mention included when commercial
     * @param size its encoding and segments
     */
    public record Composed(String text, Size size) {
    }

    private final String stopMention;
    private final int maxSegments;

    /**
     * @param stopMention the opt-out mention of commercial messages
     * @param maxSegments the most segments a text may need
     */
    public SmsText(String stopMention, int maxSegments) {
        if (stopMention == null || stopMention.isBlank()) {
            throw new IllegalArgumentException("A stop mention is required (relance.sms.stop-mention): commercial"
                    + " SMS must tell how to opt out");
        }
        if (maxSegments < 1) {
            throw new IllegalArgumentException("relance.sms.max-segments must be at least 1, was " + maxSegments);
        }
        this.stopMention = stopMention.strip();
        this.maxSegments = maxSegments;
    }

    public String stopMention() {
        return stopMention;
    }

    public int maxSegments() {
        return maxSegments;
    }

    /**
     * @param body       the message as the scenario wrote it (trailing blanks are dropped)
     * @param commercial true for marketing messages (adds the stop mention), false for transactional ones
     * @throws SmsTooLongException      when the final text needs more than the allowed segments
     * @throws IllegalArgumentException when the body is empty
     */
    public Composed compose(String body, boolean commercial) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("An SMS needs a text; this one is empty");
        }
        String text = body.stripTrailing();
        if (commercial && !hasStopMention(text)) {
            text = text + "\n" + stopMention;
        }
        Size size = measure(text);
        if (size.segments() > maxSegments) {
            throw new SmsTooLongException(size, maxSegments, hint(text, size));
        }
        return new Composed(text, size);
    }

    /** Whether {@code text} already carries the stop mention (ignoring case and spacing). */
    public boolean hasStopMention(String text) {
        return normalize(text).contains(normalize(stopMention));
    }

    /** The encoding, length and segments of {@code text} as it would be sent. */
    public static Size measure(String text) {
        Objects.requireNonNull(text, "text");
        boolean gsm = text.codePoints().allMatch(SmsText::isGsm);
        SmsEncoding encoding = gsm ? SmsEncoding.GSM_7 : SmsEncoding.UCS_2;
        int units = 0;
        int segments = 1;
        int inPart = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int weight = gsm ? (GSM_EXTENSION.indexOf(codePoint) >= 0 ? 2 : 1) : Character.charCount(codePoint);
            units += weight;
            if (inPart + weight > encoding.partLimit()) {
                segments++;
                inPart = weight;
            } else {
                inPart += weight;
            }
            i += Character.charCount(codePoint);
        }
        return new Size(encoding, units, units <= encoding.singleLimit() ? 1 : segments);
    }

    /** Whether the code point exists in GSM-7 (basic alphabet or extension table). */
    public static boolean isGsm(int codePoint) {
        return GSM_BASIC.indexOf(codePoint) >= 0 || GSM_EXTENSION.indexOf(codePoint) >= 0;
    }

    private static String hint(String text, Size size) {
        if (size.encoding() != SmsEncoding.UCS_2) {
            return "";
        }
        int first = text.codePoints().filter(c -> !isGsm(c)).findFirst().orElse('?');
        String shown = Character.isISOControl(first) ? String.format("U+%04X", first) : "'" + Character.toString(first) + "'";
        return "; the text is UCS-2 (70 per SMS instead of 160) because of " + shown
                + ", which GSM-7 lacks";
    }

    private static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
}
