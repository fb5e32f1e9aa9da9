package io.relance.contact;

import java.util.Map;

/**
 * What comes with a consent answer into the history: its source ({@link ConsentSource}), its proof (plain values,
 * e.g. the form, the IP address, the wording's version; may be empty) and the account that recorded it (null when
 * none: a link clicked by the contact, a text message).
 */
public record ConsentEvidence(String source, Map<String, Object> proof, String recordedBy) {

    public ConsentEvidence {
        if (!ConsentSource.isValid(source)) {
            throw new IllegalArgumentException("Unknown consent source '" + source + "'");
        }
        proof = proof == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(proof));
    }

    public static ConsentEvidence of(String source, Map<String, Object> proof) {
        return new ConsentEvidence(source, proof, null);
    }
}
