package io.relance.tracking;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a text message asks to stop SMS: {@code STOP}, {@code ARRET}, {@code ARRÊT}, {@code STOP SMS},
 * {@code ARRET SMS} in any case, with or without accents, surrounding or repeated spaces and a final {@code .} or
 * {@code !}. Anything else (a question, "stop calling me at work") is not a STOP.
 */
final class StopKeywords {

    private static final Set<String> STOPS = Set.of("STOP", "ARRET", "STOP SMS", "ARRET SMS");

    private StopKeywords() {
    }

    static boolean isStop(String text) {
        if (text == null) {
            return false;
        }
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String normalized = plain.replaceAll("[\\s\\u00A0]+", " ").strip().replaceAll("[.!]+$", "").strip()
                .toUpperCase(Locale.ROOT);
        return STOPS.contains(normalized);
    }
}
