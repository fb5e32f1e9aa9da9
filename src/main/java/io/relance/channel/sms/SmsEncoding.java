package io.relance.channel.sms;

/**
 * How an SMS text is encoded, which sets how much fits in one message. A text is GSM-7 when every character is in
 * the GSM 03.38 alphabet or its extension table (an extension character such as {@code €} or {@code [} takes two
 * septets); otherwise the whole text goes as UCS-2 (UTF-16 code units: an emoji takes two).
 */
public enum SmsEncoding {
    /** 160 septets in a single SMS, 153 per part of a concatenated one (the rest is the part header). */
    GSM_7(160, 153),
    /** 70 code units in a single SMS, 67 per part of a concatenated one. */
    UCS_2(70, 67);

    private final int singleLimit;
    private final int partLimit;

    SmsEncoding(int singleLimit, int partLimit) {
        this.singleLimit = singleLimit;
        this.partLimit = partLimit;
    }

    public int singleLimit() {
        return singleLimit;
    }

    public int partLimit() {
        return partLimit;
    }
}
