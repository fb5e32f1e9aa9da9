package io.relance.contact;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The proof of a consent answer: a flat JSON object (no nested object or array) of at most
 * {@value Validator#MAX_ENTRIES} entries, names of letters, digits and {@code _ . -} (up to 64), values strings (up to
 * {@value Validator#MAX_TEXT} characters), numbers, booleans or null; {@value Validator#MAX_TOTAL} characters of text
 * in all.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ConsentProof.Validator.class)
public @interface ConsentProof {
    String message() default "invalid proof";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ConsentProof, Map<String, Object>> {
        static final int MAX_ENTRIES = 20;
        static final int MAX_TEXT = 500;
        static final int MAX_TOTAL = 4000;
        private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

        @Override
        public boolean isValid(Map<String, Object> value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            if (value.size() > MAX_ENTRIES) {
                context.buildConstraintViolationWithTemplate("at most " + MAX_ENTRIES + " entries")
                        .addConstraintViolation();
                valid = false;
            }
            int total = 0;
            for (Map.Entry<String, Object> entry : value.entrySet()) {
                String name = entry.getKey();
                total += name.length();
                if (!NAME.matcher(name).matches()) {
                    context.buildConstraintViolationWithTemplate("entry name '" + PlainValues.escape(name)
                                    + "' must start with a letter and contain only letters, digits and _ . - (max 64)")
                            .addConstraintViolation();
                    valid = false;
                    continue;
                }
                Object v = entry.getValue();
                if (v instanceof String text) {
                    total += text.length();
                }
                boolean plain = PlainValues.isPlain(v, MAX_TEXT);
                if (!plain) {
                    context.buildConstraintViolationWithTemplate("entry '" + name + "' must be a plain value: a string"
                                    + " (max " + MAX_TEXT + " characters), a number, a boolean or null — no object or"
                                    + " array")
                            .addConstraintViolation();
                    valid = false;
                }
            }
            if (total > MAX_TOTAL) {
                context.buildConstraintViolationWithTemplate("at most " + MAX_TOTAL + " characters of names and texts")
                        .addConstraintViolation();
                valid = false;
            }
            return valid;
        }
    }
}
