package io.relance.channel.sms;

/**
 * A text needs more SMS segments than {@code relance.sms.max-segments} allows. Nothing was sent; the scenario's
 * text (or template) must be shortened.
 */
public class SmsTooLongException extends IllegalArgumentException {

    private final SmsText.Size size;
    private final int maxSegments;

    SmsTooLongException(SmsText.Size size, int maxSegments, String hint) {
        super("SMS too long: " + size.units() + (size.encoding() == SmsEncoding.GSM_7 ? " GSM-7 septets" : " UCS-2 units")
                + " need " + size.segments() + " segments, more than the " + maxSegments
                + " allowed (relance.sms.max-segments; a part holds " + size.encoding().partLimit() + ")" + hint
                + ". Shorten the text.");
        this.size = size;
        this.maxSegments = maxSegments;
    }

    public SmsText.Size size() {
        return size;
    }

    public int maxSegments() {
        return maxSegments;
    }
}
