package dev.replicate.sqlite;

import dev.replicate.source.IsoInstants;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The one text form of the tool's own timestamps: UTC, fixed millisecond width, so text order is time order. */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years written by hand, 1 to 9999. */
    private static final long FIRST_SECOND = -62_135_596_800L;
    private static final long PAST_LAST_SECOND = 253_402_300_800L;

    private Timestamps() {
    }

    /**
     * The text of an instant, as {@link #FORMAT} writes it. Within the years 1 to 9999 it is Instant.toString's
     * text of the instant cut to the millisecond, with its fraction always there ({@link IsoInstants#format},
     * written by hand: issue #17, a run writes several for every table, and the formatter cost a run of 500
     * tables about 15 ms on a cold JVM); any other year (0, or one written with a sign) through the formatter.
     * {@code TimestampsTest} holds the two to the same text.
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
        if (seconds < FIRST_SECOND || seconds >= PAST_LAST_SECOND) {
            return FORMAT.format(millis);
        }
        String text = IsoInstants.format(millis);
        // Instant.toString leaves out a fraction of zero: the width stays fixed, so text order is time order.
        return text.length() == 20 ? text.substring(0, 19) + ".000Z" : text;
    }
}
