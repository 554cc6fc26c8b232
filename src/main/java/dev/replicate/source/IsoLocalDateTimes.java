package dev.replicate.source;

import java.time.DateTimeException;
import java.time.LocalDateTime;

/**
 * {@link LocalDateTime#parse(CharSequence)} and {@link LocalDateTime#toString} for the plain spelling,
 * {@code YYYY-MM-DDTHH:MM[:SS[.f…]]} with a four-digit year. Added for speed (issue #17): a run reads a
 * wall-clock cursor from the state and writes it back for every table, and the JDK goes through
 * {@code DateTimeFormatter}'s general parser and printer (about 50 ms of a run of 500 tables on a cold JVM).
 * Any other text (a signed year, a leap second, a lower-case t, a malformed one) goes to {@code LocalDateTime.parse}
 * itself, so what is accepted, the value and the exception thrown are always the JDK's, and any other year to
 * LocalDateTime.toString ({@code IsoLocalDateTimesTest} holds both to the JDK). {@link IsoInstants} reads and
 * writes its UTC texts' fields here too.
 */
public final class IsoLocalDateTimes {
    private IsoLocalDateTimes() {
    }

    /** The date and time of an ISO-8601 local text, exactly as {@link LocalDateTime#parse(CharSequence)} reads it. */
    public static LocalDateTime parse(String text) {
        LocalDateTime quick = quick(text, text.length());
        return quick != null ? quick : LocalDateTime.parse(text);
    }

    /**
     * {@link LocalDateTime#toString}: the same text, written by hand within the years 0 to 9999 (a cursor's text
     * is written on every table's every run); other years by the JDK.
     */
    public static String format(LocalDateTime value) {
        int year = value.getYear();
        if (year < 0 || year > 9999) {
            return value.toString(); // a sign and maybe more digits: the JDK's rules
        }
        return new String(fields(value, false, 0));
    }

    /**
     * The fields of a value of a year 0 to 9999 as LocalDateTime.toString writes them, followed by {@code room}
     * characters left for the caller. Without {@code allSeconds}, as toString does, the seconds are left out when
     * they and the fraction are zero ({@code 2026-12-07T21:51}); Instant.toString always writes them.
     */
    static char[] fields(LocalDateTime value, boolean allSeconds, int room) {
        int nanos = value.getNano();
        int second = value.getSecond();
        // The JDK writes the fraction in groups of three digits, as many as it needs.
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        int length = allSeconds || second != 0 || nanos != 0 ? 19 + (fraction == 0 ? 0 : fraction + 1) : 16;
        char[] text = new char[length + room];
        put(text, 0, value.getYear(), 4);
        text[4] = '-';
        put(text, 5, value.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, value.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, value.getHour(), 2);
        text[13] = ':';
        put(text, 14, value.getMinute(), 2);
        if (length > 16) {
            text[16] = ':';
            put(text, 17, second, 2);
        }
        if (fraction > 0) {
            text[19] = '.';
            put(text, 20, fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1_000 : nanos, fraction);
        }
        return text;
    }

    /** {@code value} in {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * The value of {@code text}'s first {@code end} characters when they are of the plain form, its seconds
     * optional; null for anything else (then the JDK decides, in its own words).
     */
    static LocalDateTime quick(String text, int end) {
        if (end < 16 || end > 29 || (end > 16 && end < 19) || end == 20 || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = 0;
        int nanos = 0;
        if (end >= 19) {
            second = text.charAt(16) == ':' ? digits(text, 17, 2) : -1;
        }
        if (end > 20) {
            int fraction = end - 20; // after the point: 1 to 9 digits
            nanos = text.charAt(19) == '.' ? digits(text, 20, fraction) : -1;
            for (int i = fraction; i < 9 && nanos > 0; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        } catch (DateTimeException e) {
            return null; // a day the month has not
        }
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
