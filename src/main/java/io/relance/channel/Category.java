package io.relance.channel;

import java.util.Locale;

/** Transactional messages (order confirmation, password reset) are never held back; commercial ones need consent. */
public enum Category {
    TRANSACTIONAL, COMMERCIAL;

    public static Category parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("category is missing: use 'transactional' or 'commercial'");
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("category '" + value + "' is unknown: use 'transactional' or 'commercial'");
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
