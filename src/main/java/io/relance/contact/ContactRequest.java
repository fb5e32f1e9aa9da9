package io.relance.contact;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;

/** Body of {@code PUT /api/contacts/{contactId}}. */
public record ContactRequest(
        @Email(message = "must be an email address") @Size(max = 254) String email,
        @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be in E.164 format, e.g. +33612345678") String phone,
        @Size(max = 100) String firstName,
        @Size(max = 100) String lastName,
        @Past(message = "must be a date in the past") LocalDate birthDate,
        @LanguageTag String locale,
        @TimeZoneId String timeZone,
        @Valid Consents consents,
        @PlainAttributes Map<String, Object> attributes) {

    /** Consent per channel; a channel left out keeps its current state. */
    public record Consents(@Valid ConsentAnswer email, @Valid ConsentAnswer sms, @Valid ConsentAnswer phone) {
    }

    /**
     * Given ({@code granted: true}) or withdrawn, and when (default: now, if the answer changed); where it came from
     * ({@link ConsentSource}, default {@code api}) and its proof (plain values, e.g. the form, the IP address, the
     * wording's version).
     */
    public record ConsentAnswer(@NotNull(message = "must be true or false") Boolean granted,
                                @PastOrPresent(message = "must not be in the future") OffsetDateTime at,
                                @Pattern(regexp = ConsentSource.PATTERN, message = ConsentSource.PATTERN_MESSAGE)
                                String source,
                                @ConsentProof Map<String, Object> proof) {

        public ConsentAnswer(Boolean granted, OffsetDateTime at) {
            this(granted, at, null, null);
        }
    }
}
