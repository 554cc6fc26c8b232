package dev.replicate.sync;

import dev.replicate.config.Lookback;
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
 *
 * <p>Only date and time watermarks have a clock to be ahead of. An instant is compared with this
 * machine's clock; a wall clock or a date, whose zone is unknown, only once it is ahead in every zone
 * (UTC+14:00 is the widest). A minute's grace keeps two hosts' ordinary disagreement out: a cursor a few
 * seconds ahead is {@code lookback}'s job, as for any row that commits late.
 */
final class CursorAhead {
    /** The farthest any zone's wall clock is ahead of UTC (Line Islands, +14:00). */
    private static final Duration WIDEST_ZONE = Duration.ofHours(14);
    private static final Duration GRACE = Duration.ofMinutes(1);

    private CursorAhead() {
    }

    /** The note for a table whose cursor stands at {@code cursor} after a run, if its read start is ahead of {@code now}. */
    static Optional<String> note(String target, String column, Position cursor, Optional<Lookback> lookback,
                                 Instant now) {
        if (!applies(cursor, lookback, now)) {
            return Optional.empty();
        }
        Instant shown = now.truncatedTo(ChronoUnit.SECONDS);
        String clock = switch (cursor.kind()) {
            case TIMESTAMPTZ -> "this machine's clock (" + shown + ")";
            default -> "this machine's clock in every time zone (" + shown + ")";
        };
        return Optional.of("the cursor on " + column + " (" + cursor + ")" + (lookback.isPresent() ? ", less the lookback,"
                : "") + " is ahead of " + clock + ": a row stamped with the time of day, or any value behind it, is"
                + " never read (a value at the source in the future, mistyped or written by a server whose clock is"
                + " ahead, took the cursor there, unless this machine's clock is behind). Put that value right at the"
                + " source and run `replicate reset " + target + "` (the table syncs again from the start); meanwhile"
                + " `replicate verify --repair " + target + "` brings the rows left behind");
    }

    /** Whether the read from {@code cursor} (less the lookback) starts ahead of {@code now}, as the note says. */
    static boolean applies(Position cursor, Optional<Lookback> lookback, Instant now) {
        if (!cursor.isFinite()) {
            return false;
        }
        try {
            return cursor.minus(lookback).filter(start -> ahead(start, now)).isPresent();
        } catch (IllegalArgumentException e) {
            // A lookback of the wrong kind fails the table elsewhere.
            return false;
        }
    }

    private static boolean ahead(Position start, Instant now) {
        return switch (start.kind()) {
            case TIMESTAMPTZ -> ((Instant) start.value()).isAfter(now.plus(GRACE));
            case TIMESTAMP -> ((LocalDateTime) start.value())
                    .isAfter(LocalDateTime.ofInstant(now.plus(WIDEST_ZONE).plus(GRACE), ZoneOffset.UTC));
            case DATE -> ((LocalDate) start.value()).isAfter(LocalDate.ofInstant(now.plus(WIDEST_ZONE), ZoneOffset.UTC));
            default -> false;
        };
    }
}
