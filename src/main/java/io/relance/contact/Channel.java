package io.relance.contact;

/** The channels a contact can consent to. */
public enum Channel {
    EMAIL, SMS, PHONE;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
