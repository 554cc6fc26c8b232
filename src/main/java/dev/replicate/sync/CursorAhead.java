package dev.replicate.sync;

import dev.replicate.config.Lookback;
import dev.replicate.source.WatermarkKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A cursor ahead of the clock: one row stamped in the future (a year mistyped, a writer whose clock is a
 * day ahead) took it there, and every row written afterwards with the time of day lies behind it, where
 * no run reads (the read starts at the cursor less the lookback). Nothing read tells such a row from a
 * late one, so the engine cannot read it; it says so on every run while it lasts, in the run's notes.
 * That holds for a wall clock or a date; an instant's cursor no longer goes there ({@link ClockLimit}), and
 * one an earlier release left there is brought back ({@link LeftBehind}): it is found here, without a note.
 *
 * <p>Only date and time watermarks have a clock to be ahead of. An instant is compared with the clock; a
 * wall clock or a date, whose zone is unknown, only once it is ahead in every zone (UTC+14:00 is the
 * widest). The clock is the source's own: rows are stamped by its clock, which this machine's may trail
 * (a cron host minutes behind the database server would see every fresh cursor ahead). It is asked only
 * when this machine's clock finds the cursor ahead, and a source that cannot tell its clock leaves this
 * machine's to judge. So a cursor is ahead only when it is ahead of both clocks: in effect the later of the
 * two judges (a machine whose clock is ahead of the source's never asks, and a cursor ahead of the source's
 * clock by less than this machine's lead is not noted). A minute's grace keeps two hosts' ordinary
 * disagreement out: a cursor a few seconds ahead is {@code lookback}'s job, as for any row that commits late.
 */
public final class CursorAhead {
    /** The farthest any zone's wall clock is ahead of UTC (Line Islands, +14:00). */
    private static final Duration WIDEST_ZONE = Duration.ofHours(14);
    static final Duration GRACE = Duration.ofMinutes(1);
    /** In every note of a cursor ahead. */
    private static final String MARK = " ahead of the clock by ";

    /**
     * A cursor whose read starts ahead of the clock.
     *
     * @param by          how far, in every zone for a wall clock or a date
     * @param clock       the clock it was compared with
     * @param sourceClock whether that clock is the source's (else this machine's)
     */
    record Ahead(Position cursor, boolean lookback, Duration by, Instant clock, boolean sourceClock) {
    }

    private CursorAhead() {
    }

    /**
     * Whether the read from {@code cursor} (less the lookback) starts ahead of {@code now}, this machine's
     * clock, and of the source's, asked only then ({@link SourceClock}: once a run).
     *
     * @throws Exception the source's failure to tell its clock when its connection is gone or the run stops
     */
    static Optional<Ahead> find(Position cursor, Optional<Lookback> lookback, Instant now, SourceClock source)
            throws Exception {
        Optional<Position> start = start(cursor, lookback);
        if (start.isEmpty() || gap(start.get(), now).isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> theirs = source.at(now);
        Instant clock = theirs.orElse(now);
        boolean sourceClock = theirs.isPresent();
        return gap(start.get(), clock).map(by -> new Ahead(cursor, lookback.isPresent(), by, clock, sourceClock));
    }

    /** The run's note, in full; {@code repeated} when the table's last run noted it already: then shorter. */
    static String note(String target, String column, Ahead ahead, boolean repeated) {
        if (repeated) {
            return shortNote(target, column, ahead, "is still");
        }
        return "the cursor on " + column + " (" + ahead.cursor() + ")" + (ahead.lookback() ? ", less the lookback,"
                : "") + " is" + MARK + gap(ahead) + " (" + (ahead.sourceClock() ? "the source's clock: "
                : "this machine's clock, the source's could not be read: ") + ahead.clock().truncatedTo(ChronoUnit.SECONDS)
                + "): a row stamped with the time of day, or any value behind it, is never read (a value at the source"
                + " in the future, mistyped or written by a server whose clock is ahead, took the cursor there). Put"
                + " that value right at the source: the next run reads the table again from the start; if this note"
                + " stays (for example after a `verify --repair`), run `replicate reset " + target + "`. Meanwhile"
                + " `replicate verify --repair " + target + "` brings the rows left behind";
    }

    /** Verify's word on such a cursor, beside the rows it found missing. */
    static String verifyNote(String target, String column, Ahead ahead) {
        if (ahead.cursor().kind() == WatermarkKind.TIMESTAMPTZ) {
            // Only an earlier release let an instant's cursor pass the clock (ClockLimit); LeftBehind brings it back.
            return "the cursor on " + column + " (" + ahead.cursor() + ") is" + MARK + gap(ahead) + ", where an earlier"
                    + " release left it: the rows written since are behind it until the next run, which reads the table"
                    + " again from the start and brings the cursor back to the clock (`replicate run " + target + "`)";
        }
        return shortNote(target, column, ahead, "is");
    }

    private static String shortNote(String target, String column, Ahead ahead, String is) {
        return "the cursor on " + column + " (" + ahead.cursor() + ") " + is + MARK + gap(ahead) + ": rows stamped"
                + " with the time of day are left behind it, never read; put the value that took it there right at the"
                + " source (the next run reads the table again from the start), or run `replicate reset " + target + "`";
    }

    private static String gap(Ahead ahead) {
        String every = ahead.cursor().kind() == WatermarkKind.TIMESTAMPTZ ? "" : " in every time zone";
        return span(ahead.by()) + every;
    }

    /** A gap as notes say it: days and hours, hours and minutes, or minutes and seconds. */
    static String span(Duration by) {
        long days = by.toDays();
        String text;
        if (days > 0) {
            text = days + (days == 1 ? " day" : " days") + (by.toHoursPart() > 0 ? " " + by.toHoursPart() + " h" : "");
        } else if (by.toHours() > 0) {
            text = by.toHours() + " h " + by.toMinutesPart() + " min";
        } else {
            text = by.toMinutes() + " min " + by.toSecondsPart() + " s";
        }
        return text;
    }

    private static Optional<Position> start(Position cursor, Optional<Lookback> lookback) {
        if (!cursor.isFinite()) {
            return Optional.empty();
        }
        try {
            return cursor.minus(lookback);
        } catch (IllegalArgumentException e) {
            // A lookback of the wrong kind fails the table elsewhere.
            return Optional.empty();
        }
    }

    /** How far {@code start} is ahead of {@code clock} (in every zone but an instant), past the grace. */
    private static Optional<Duration> gap(Position start, Instant clock) {
        Duration by = switch (start.kind()) {
            case TIMESTAMPTZ -> Duration.between(clock, (Instant) start.value());
            case TIMESTAMP -> Duration.between(LocalDateTime.ofInstant(clock.plus(WIDEST_ZONE), ZoneOffset.UTC),
                    (LocalDateTime) start.value());
            case DATE -> Duration.ofDays(ChronoUnit.DAYS.between(LocalDate.ofInstant(clock.plus(WIDEST_ZONE),
                    ZoneOffset.UTC), (LocalDate) start.value()));
            default -> Duration.ZERO;
        };
        boolean ahead = start.kind() == WatermarkKind.DATE ? !by.isNegative() && !by.isZero() : by.compareTo(GRACE) > 0;
        return ahead ? Optional.of(by) : Optional.empty();
    }
}
