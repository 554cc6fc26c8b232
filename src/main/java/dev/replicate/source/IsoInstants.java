package dev.replicate.source;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#parse} for the one spelling the tool writes itself: {@code YYYY-MM-DDTHH:MM:SS[.f…]Z},
 * as {@link Instant#toString} and the state's timestamps ({@code dev.replicate.sqlite.Timestamps}) give
 * it. Added for speed (issue #17): a run reads several such texts for every table (its cursor, its last
 * run and success), and {@code Instant.parse} goes through {@code DateTimeFormatter}'s general parser,
 * about 40 ms of a run of 500 tables on a cold JVM. Any other text (another year's width, a leap
 * second, an offset, a malformed one) goes to {@code Instant.parse} itself, so what is accepted, the
 * value and the exception thrown are always {@code Instant.parse}'s ({@code IsoInstantsTest} holds them
 * to it).
 */
public final class IsoInstants {
    private IsoInstants() {
    }

    /** The instant of an ISO-8601 UTC text, exactly as {@link Instant#parse} reads it. */
    public static Instant parse(String text) {
        Instant quick = quick(text);
        return quick != null ? quick : Instant.parse(text);
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
