package dev.replicate.source;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#parse} and {@link Instant#toString} for the one spelling the tool writes itself,
 * {@code YYYY-MM-DDTHH:MM:SS[.f…]Z}, as Instant.toString and the state's timestamps
 * ({@code dev.replicate.sqlite.Timestamps}) give it. Added for speed (issue #17): a run reads and writes
 * several such texts for every table (its cursor, its last run and success), and the JDK goes through
 * {@code DateTimeFormatter}'s general parser and printer: about 40 ms of a run of 500 tables on a cold JVM.
 * Any other text (another year's width, a leap second, an offset, a malformed one) goes to
 * {@code Instant.parse} itself, so what is accepted, the value and the exception thrown are always
 * {@code Instant.parse}'s, and any other year to Instant.toString ({@code IsoInstantsTest} holds both to
 * the JDK). The date and time fields are read and written by {@link IsoLocalDateTimes}, as LocalDateTime's are.
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
        LocalDateTime utc = LocalDateTime.ofEpochSecond(seconds, instant.getNano(), ZoneOffset.UTC);
        char[] text = IsoLocalDateTimes.fields(utc, true, 1);
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /** The instant, or null when the text is not of the plain form (then Instant.parse decides). */
    private static Instant quick(String text) {
        int end = text.length() - 1;
        // At least YYYY-MM-DDTHH:MM:SS before the Z: Instant.parse needs the seconds, which a local text may leave out.
        if (end < 19 || text.charAt(end) != 'Z') {
            return null;
        }
        LocalDateTime local = IsoLocalDateTimes.quick(text, end);
        return local == null ? null : local.toInstant(ZoneOffset.UTC);
    }
}
