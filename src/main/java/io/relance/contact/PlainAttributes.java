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
 * Segmentation attributes: at most {@value Validator#MAX_ATTRIBUTES} entries, names usable in DMN
 * expressions, values strings (up to 1000 characters), numbers, booleans or null.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PlainAttributes.Validator.class)
public @interface PlainAttributes {
    String message() default "invalid attributes";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainAttributes, Map<String, Object>> {
        static final int MAX_ATTRIBUTES = 100;
        private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

        @Override
        public boolean isValid(Map<String, Object> value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            if (value.size() > MAX_ATTRIBUTES) {
                context.buildConstraintViolationWithTemplate("at most " + MAX_ATTRIBUTES + " attributes")
                        .addConstraintViolation();
                valid = false;
            }
            for (Map.Entry<String, Object> entry : value.entrySet()) {
                if (!NAME.matcher(entry.getKey()).matches()) {
                    context.buildConstraintViolationWithTemplate("attribute name '" + PlainValues.escape(entry.getKey())
                                    + "' must start with a letter and contain only letters, digits and _ (max 64)")
                            .addConstraintViolation();
                    valid = false;
                    continue;
                }
                Object v = entry.getValue();
                boolean plain = PlainValues.isPlain(v, 1000);
                if (!plain) {
                    context.buildConstraintViolationWithTemplate("attribute '" + entry.getKey()
                                    + "' must be a string (max 1000 characters), a number, a boolean or null")
                            .addConstraintViolation();
                    valid = false;
                }
            }
            return valid;
        }
    }
}
