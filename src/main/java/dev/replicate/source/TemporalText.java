package dev.replicate.source;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.OptionalInt;

/**
 * The text forms that date and time values take in SQLite. They sort as text in time order, and no
 * time zone of the machine, the JVM or the server enters them:
 * <ul>
 *   <li>date: {@code YYYY-MM-DD}</li>
 *   <li>wall-clock timestamp: {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, fraction without trailing zeros,
 *       as PostgreSQL prints it</li>
 *   <li>instant: {@code YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00}, always in UTC. {@code +00:00} rather
 *       than {@code Z} because it sorts before the fraction's dot, so text order stays time order.</li>
 * </ul>
 */
public final class TemporalText {
    private TemporalText() {
    }

    public static String date(LocalDate date) {
        if (date.equals(LocalDate.MAX)) {
            return "infinity";
        }
        if (date.equals(LocalDate.MIN)) {
            return "-infinity";
        }
        return date.toString();
    }

    public static String timestamp(LocalDateTime timestamp) {
        if (timestamp.equals(LocalDateTime.MAX)) {
            return "infinity";
        }
        if (timestamp.equals(LocalDateTime.MIN)) {
            return "-infinity";
        }
        return timestamp.toLocalDate() + " " + time(timestamp.toLocalTime());
    }

    public static String instant(Instant instant) {
        if (instant.equals(Instant.MAX)) {
            return "infinity";
        }
        if (instant.equals(Instant.MIN)) {
            return "-infinity";
        }
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return utc.toLocalDate() + "T" + time(utc.toLocalTime()) + "+00:00";
    }

    /**
     * The instant of a zoned time. Drivers give PostgreSQL's {@code infinity} and {@code -infinity} as
     * {@link OffsetDateTime#MAX} and {@link OffsetDateTime#MIN}; they become {@link Instant#MAX} and
     * {@link Instant#MIN}, which {@link #instant} writes back as those words.
     */
    public static Instant toInstant(OffsetDateTime value) {
        if (value.equals(OffsetDateTime.MAX)) {
            return Instant.MAX;
        }
        if (value.equals(OffsetDateTime.MIN)) {
            return Instant.MIN;
        }
        return value.toInstant();
    }

    /** The zoned time (UTC) to bind for an instant; the inverse of {@link #toInstant}. */
    public static OffsetDateTime toOffsetDateTime(Instant value) {
        if (value.equals(Instant.MAX)) {
            return OffsetDateTime.MAX;
        }
        if (value.equals(Instant.MIN)) {
            return OffsetDateTime.MIN;
        }
        return value.atOffset(ZoneOffset.UTC);
    }

    /**
     * The year of {@code text} when it is exactly what {@link #date}, {@link #timestamp} or
     * {@link #instant} (by {@code kind}) writes for a finite value; empty for any other text: another
     * spelling of such a value (a trailing zero, a Z for +00:00), a word, a value of another kind.
     * Within the years 0 to 9999 these texts sort by their bytes as their values do: the date's fields
     * are of fixed width; the fraction, without trailing zeros, sorts as a decimal fraction, no fraction
     * before any; and {@code +00:00} ('+', 0x2B) sorts before the fraction's point ('.', 0x2E) and every
     * digit. Outside, java.time writes a sign: -0043 sorts after -0001, +10000 before 0001.
     */
    public static OptionalInt year(WatermarkKind kind, String text) {
        try {
            switch (kind) {
                case DATE -> {
                    LocalDate date = LocalDate.parse(text);
                    return date(date).equals(text) ? OptionalInt.of(date.getYear()) : OptionalInt.empty();
                }
                case TIMESTAMP -> {
                    if (text.length() < 19 || text.charAt(10) != ' ') {
                        return OptionalInt.empty();
                    }
                    LocalDateTime timestamp = LocalDateTime.parse(text.substring(0, 10) + "T" + text.substring(11));
                    return timestamp(timestamp).equals(text) ? OptionalInt.of(timestamp.getYear()) : OptionalInt.empty();
                }
                case TIMESTAMPTZ -> {
                    if (!text.endsWith("+00:00")) {
                        return OptionalInt.empty();
                    }
                    Instant instant = OffsetDateTime.parse(text).toInstant();
                    return instant(instant).equals(text)
                            ? OptionalInt.of(LocalDateTime.ofInstant(instant, ZoneOffset.UTC).getYear())
                            : OptionalInt.empty();
                }
                default -> {
                    return OptionalInt.empty();
                }
            }
        } catch (DateTimeParseException e) {
            return OptionalInt.empty();
        }
    }

    /** {@code HH:MM:SS[.ffffff]}, to the microsecond, without trailing zeros. */
    public static String time(LocalTime time) {
        StringBuilder text = new StringBuilder(15);
        two(text, time.getHour()).append(':');
        two(text, time.getMinute()).append(':');
        two(text, time.getSecond());
        int micros = time.getNano() / 1000;
        if (micros != 0) {
            // Six digits, then trailing zeros dropped; by hand rather than String.format, which cost
            // about a tenth of a first sync's CPU time (it runs for every timestamp of every row).
            int digits = 6;
            while (micros % 10 == 0) {
                micros /= 10;
                digits--;
            }
            text.append('.');
            for (int pad = digits - stringSize(micros); pad > 0; pad--) {
                text.append('0');
            }
            text.append(micros);
        }
        return text.toString();
    }

    private static int stringSize(int positive) {
        int size = 1;
        while (positive >= 10) {
            positive /= 10;
            size++;
        }
        return size;
    }

    private static StringBuilder two(StringBuilder text, int value) {
        if (value < 10) {
            text.append('0');
        }
        return text.append(value);
    }
}
