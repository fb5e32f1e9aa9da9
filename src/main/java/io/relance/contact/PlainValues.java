package io.relance.contact;

/** What the validators of free maps (contact attributes, consent proofs) share: the plain-value rule and safe echo. */
final class PlainValues {

    private PlainValues() {
    }

    /** A string of at most {@code maxText} characters, a number, a boolean or null: nothing nested. */
    static boolean isPlain(Object value, int maxText) {
        return value == null || value instanceof Number || value instanceof Boolean
                || (value instanceof String text && text.length() <= maxText);
    }

    /**
     * User text echoed in a constraint message, shortened (message templates interpret { } and $; user text must
     * not).
     */
    static String escape(String text) {
        String shortened = text.length() > 64 ? text.substring(0, 64) + "…" : text;
        return shortened.replaceAll("[{}$\\\\]", "?");
    }
}
