package io.relance.channel;

import io.relance.contact.Channel;

import java.util.Locale;

/** How a message reaches the contact, and which consent it needs. */
public enum MessageChannel {
    EMAIL(Channel.EMAIL), SMS(Channel.SMS), CALLBACK(Channel.PHONE), WEBHOOK(null);

    private final Channel consent;

    MessageChannel(Channel consent) {
        this.consent = consent;
    }

    /** The contact consent a commercial message on this channel needs; null when the channel has none. */
    public Channel consent() {
        return consent;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
