package io.relance.channel.sms;

import java.util.regex.Pattern;

/** International phone numbers as the contacts API stores them. */
public final class E164 {

    private static final Pattern NUMBER = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private E164() {
    }

    public static boolean isValid(String number) {
        return number != null && NUMBER.matcher(number).matches();
    }

    /** {@code +33612345678} → {@code 33612345678}. */
    static String digits(String number) {
        return number.substring(1);
    }
}
