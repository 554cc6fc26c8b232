package dev.replicate.source;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#parse} and {@link Instant#toString} for the one spelling the tool writes itself,
 * {@code YYYY-MM-DDTHH:MM:SS[.f…]Z}, as Instant.toString and the state's timestamps
 * ({@code dev.replicate.sqlite.Timestamps}) give it. Added for speed (issue #17): a run reads and writes
 * several such texts for every table (its cursor, its last run and success), and the JDK goes through
 * {@code DateTimeFormatter}'s general parser and printer: about 40 ms of a run of 500 tables on a cold JVM.
 * Any other text (another year's width, a leap second, an offset, a malformed one) goes to
 * {@code Instant.parse} itself, so what is accepted, the value and the exception thrown are always
 * {@code Instant.parse}'s, and any other year to Instant.toString ({@code IsoInstantsTest} holds both to
 * the JDK).
 */
public final class IsoInstants {
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years Instant.toString writes with four digits, no sign. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long PAST_LAST_SECOND = 253_402_300_800L;

    private IsoInstants() {
    }

    /** The instant of an ISO-8601 UTC text, exactly as {@link Instant#parse} reads it. */
    public static Instant parse(String text) {
        Instant quick = quick(text);
        return quick != null ? quick : Instant.parse(text);
    }

    /**
     * {@link Instant#toString}: the same text, written by hand within the years 0 to 9999 (a cursor's text is
     * written on every table's every run; the JDK goes through DateTimeFormatter); other years by the JDK.
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds >= PAST_LAST_SECOND) {
            return instant.toString();
        }
        long day = Math.floorDiv(seconds, 86_400);
        int second = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        int nanos = instant.getNano();
        // Instant.toString gives the fraction in groups of three digits, as many as it needs.
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        char[] text = new char[20 + (fraction == 0 ? 0 : fraction + 1)];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, second / 3_600, 2);
        text[13] = ':';
        put(text, 14, second / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, second % 60, 2);
        if (fraction > 0) {
            text[19] = '.';
            put(text, 20, fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1_000 : nanos, fraction);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /** {@code value} in {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The instant, or null when the text is not of the plain form (then Instant.parse decides). */
    private static Instant quick(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21; // between the point and the Z
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(text, 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // a day the month has not: Instant.parse says so in its own words
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /** The decimal number of {@code count} ASCII digits from {@code from}, or -1 when one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
