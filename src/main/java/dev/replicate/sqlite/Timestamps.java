package dev.replicate.sqlite;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The one text form of the tool's own timestamps: UTC, fixed millisecond width, so text order is time order. */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years written with four digits and no sign. */
    private static final long FIRST_SECOND = -62_135_596_800L;
    private static final long PAST_LAST_SECOND = 253_402_300_800L;

    private Timestamps() {
    }

    /**
     * The text of an instant, as {@link #FORMAT} writes it. Written by hand within the years 1 to 9999
     * (issue #17: a run writes several for every table, and the formatter cost a run of 500 tables
     * about 15 ms on a cold JVM); any other year (0, or one written with a sign) through the formatter.
     * {@code TimestampsTest} holds the two to the same text.
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds >= PAST_LAST_SECOND) {
            return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
        }
        long day = Math.floorDiv(seconds, 86_400);
        int second = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        char[] text = new char[24];
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
        text[19] = '.';
        put(text, 20, instant.getNano() / 1_000_000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    /** {@code value} in {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
