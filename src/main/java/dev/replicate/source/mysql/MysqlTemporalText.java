package dev.replicate.source.mysql;

import dev.replicate.source.TemporalText;
import dev.replicate.source.jdbc.IsoDates;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date and time text MySQL and MariaDB send and take: the server's canonical forms
 * ({@code YYYY-MM-DD[ HH:MM:SS[.ffffff]]}, read by {@link IsoDates}), zero dates, time durations, and
 * the literals bound in their place. Static, for the per-value path.
 */
final class MysqlTemporalText {
    /** A date as the server prints it, zero parts and all: 2024-05-01, 0000-00-00, 2024-05-00. */
    private static final Pattern DATE_TEXT = Pattern.compile("^(\\d{1,4})-(\\d{1,2})-(\\d{1,2})");
    /** A time value as the server prints it: -838:59:59.500000. */
    private static final Pattern TIME_TEXT = Pattern.compile("(-?)(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?");

    private MysqlTemporalText() {
    }

    /** The server's bytes as text: its date and time forms are ASCII, so each byte is one char. */
    static String text(byte[] serverText) {
        return new String(serverText, StandardCharsets.ISO_8859_1);
    }

    /** {@code YYYY-MM-DD HH:MM:SS[.f...]}, the whole text. */
    static boolean isDateTime(byte[] text) {
        return IsoDates.dateTimeEnd(text, 0, text.length, 9) == text.length;
    }

    /**
     * The wall-clock text of an {@link #isDateTime} text with the fraction's trailing zeros removed,
     * as {@link TemporalText#timestamp} writes it (the server pads the fraction to the column's digits).
     */
    static String wallClock(byte[] text) {
        int end = text.length;
        if (end > 19) {
            while (text[end - 1] == '0') {
                end--;
            }
            if (text[end - 1] == '.') {
                end--;
            }
        }
        return new String(text, 0, end, StandardCharsets.ISO_8859_1);
    }

    /**
     * An {@link #isDateTime} text of the session's (UTC) wall clock as the instant's text, as
     * {@link TemporalText#instant} writes it.
     */
    static String instant(byte[] text) {
        String wall = wallClock(text);
        return wall.substring(0, 10) + "T" + wall.substring(11) + "+00:00";
    }

    /** A zero date (0000-00-00) or a date with a zero month or day (2024-05-00), which MySQL allows. */
    static boolean isZeroDate(byte[] text) {
        if (text == null) {
            return false;
        }
        if (text.length >= 10 && IsoDates.isDate(text, 0, 10) && (text.length == 10 || text[10] == ' ')) {
            return (text[5] == '0' && text[6] == '0') || (text[8] == '0' && text[9] == '0');
        }
        Matcher m = DATE_TEXT.matcher(text(text));
        if (!m.find()) {
            return false;
        }
        return Integer.parseInt(m.group(2)) == 0 || Integer.parseInt(m.group(3)) == 0;
    }

    /**
     * The greatest real date before a zero or partly zero one: 2024-05-00 gives 2024-04-30,
     * 2024-00-00 gives 2023-12-31. The zero date itself has none; it gives 0000-01-01, which only
     * other zero dates precede.
     */
    static LocalDate floorDate(byte[] text) {
        Matcher m = DATE_TEXT.matcher(text(text));
        if (!m.find()) {
            throw new DateTimeException("not a date: " + text(text));
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        LocalDate first = LocalDate.of(0, 1, 1);
        if (month == 0) {
            return year == 0 ? first : LocalDate.of(year - 1, 12, 31);
        }
        if (day == 0) {
            return year == 0 && month == 1 ? first : LocalDate.of(year, month, 1).minusDays(1);
        }
        return LocalDate.of(year, month, day);
    }

    /** HH:MM:SS[.ffffff] without trailing zeros, as for PostgreSQL; hours may pass 24 or be negative. */
    static String time(String text) {
        Matcher m = TIME_TEXT.matcher(text.strip());
        if (!m.matches()) {
            return text;
        }
        StringBuilder out = new StringBuilder(m.group(1));
        String hours = m.group(2);
        out.append(hours.length() < 2 ? "0" + hours : hours).append(':').append(m.group(3)).append(':').append(m.group(4));
        String fraction = m.group(5) == null ? "" : m.group(5).replaceFirst("0+$", "");
        if (!fraction.isEmpty()) {
            out.append('.').append(fraction);
        }
        return out.toString();
    }

    /**
     * A date-time literal to the microsecond. A lookback may reach before the year 0, which the
     * server cannot parse: such values become 0000-01-01, before every real date.
     */
    static String literal(LocalDateTime value) {
        LocalDateTime clamped = value.getYear() < 0 ? LocalDate.of(0, 1, 1).atStartOfDay() : value;
        return literal(clamped.toLocalDate()) + " " + TemporalText.time(clamped.toLocalTime());
    }

    static String literal(LocalDate value) {
        return value.getYear() < 0 ? "0000-01-01" : value.toString();
    }
}
