package dev.replicate.source;

/**
 * Integers read straight from the ASCII digits a database sends, without building a String: a first
 * sync reads several per row (issue #5). Only the plain form is taken here; callers read anything
 * else the careful way, with their driver's or {@code Long.parseLong}'s own results and errors.
 */
public final class IntegerText {
    private IntegerText() {
    }

    /**
     * {@code -?[0-9]{1,18}} as a Long, or null for any other text. Up to 18 digits cannot overflow a
     * long, so the value is exactly what {@code Long.parseLong} gives for the same text.
     */
    public static Long plain(byte[] text, int start, int end) {
        int i = start;
        boolean negative = i < end && text[i] == '-';
        if (negative) {
            i++;
        }
        if (end - i < 1 || end - i > 18) {
            return null;
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }
}
