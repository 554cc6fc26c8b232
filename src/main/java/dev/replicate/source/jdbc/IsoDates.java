package dev.replicate.source.jdbc;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The ISO date and time text both servers print ({@code YYYY-MM-DD[ HH:MM:SS[.fff]]}, ASCII), read
 * straight from the bytes the driver hands over. A first sync reads millions of these, and the
 * drivers' own date objects (or a regular expression) cost more than the rest of a row (measured in
 * bench/). Only the plain forms are taken here; a caller sends anything else (BC, infinity, five-digit
 * years, zero dates) through the driver's parsers.
 */
public final class IsoDates {
    private IsoDates() {
    }

    /** {@code YYYY-MM-DD} from s to e exactly: four-digit year, no era. */
    public static boolean isDate(byte[] f, int s, int e) {
        return e - s == 10 && f[s + 4] == '-' && f[s + 7] == '-'
                && digits(f, s, 4) && digits(f, s + 5, 2) && digits(f, s + 8, 2);
    }

    /**
     * Where {@code YYYY-MM-DD HH:MM:SS[.f{1,maxFraction}]} starting at s ends (what follows, such as
     * an offset, is the caller's), or -1 if the text from s to e does not start so.
     */
    public static int dateTimeEnd(byte[] f, int s, int e, int maxFraction) {
        if (e - s < 19 || !isDate(f, s, s + 10) || f[s + 10] != ' ' || f[s + 13] != ':' || f[s + 16] != ':'
                || !digits(f, s + 11, 2) || !digits(f, s + 14, 2) || !digits(f, s + 17, 2)) {
            return -1;
        }
        int p = s + 19;
        if (p < e && f[p] == '.') {
            int q = p + 1;
            while (q < e && q - p <= maxFraction && f[q] >= '0' && f[q] <= '9') {
                q++;
            }
            if (q - p < 2) {
                return -1;
            }
            p = q;
        }
        return p;
    }

    /** The date of an {@link #isDate} text starting at s. */
    public static LocalDate date(byte[] f, int s) {
        return LocalDate.of(number(f, s, 4), number(f, s + 5, 2), number(f, s + 8, 2));
    }

    /** The date and time of a {@link #dateTimeEnd} text from s to e, to the nanosecond the text holds. */
    public static LocalDateTime dateTime(byte[] f, int s, int e) {
        int nanos = 0;
        if (e > s + 19) {
            int digits = e - s - 20;
            nanos = number(f, s + 20, digits);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        return LocalDateTime.of(number(f, s, 4), number(f, s + 5, 2), number(f, s + 8, 2),
                number(f, s + 11, 2), number(f, s + 14, 2), number(f, s + 17, 2), nanos);
    }

    private static boolean digits(byte[] f, int s, int count) {
        for (int i = s; i < s + count; i++) {
            if (f[i] < '0' || f[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(byte[] f, int s, int count) {
        int value = 0;
        for (int i = s; i < s + count; i++) {
            value = value * 10 + (f[i] - '0');
        }
        return value;
    }
}
