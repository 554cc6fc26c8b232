package dev.replicate.sync;

import dev.replicate.log.Counted;
import dev.replicate.source.WatermarkKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The clock a cursor on an instant (PostgreSQL timestamptz, MySQL TIMESTAMP) never passes. A row stamped ahead
 * of it (a year mistyped, a writer whose clock is a day ahead) is copied, but the cursor stays at the last row
 * read at or before it: rows come in watermark order, so the rows ahead are the read's tail, read again on every
 * run until the clock passes them (unchanged, they are not written again), and every row written meanwhile with
 * the time of day lies at or after the cursor, where the next run reads. Without this the cursor followed the row
 * ahead and such rows were never read ({@link CursorAhead}).
 *
 * <p>Which clock: this machine's, read once before the read starts, judges during the read, so a run that finds no
 * row ahead of it asks nothing (issue #17: an incremental run's queries are counted), and no query waits for the
 * connection a read holds: PostgreSQL's would wait behind the read's COPY, which waits for the rows to be taken (the
 * run hung), and MySQL's driver refuses one during a streaming result. Rows ahead of it are held back, and the
 * source is asked its own clock ({@link SourceClock}: once per run and connection) only before a read (a cursor or a
 * first sync's newest value judged) or after it, its stream closed, when the rows held back reach more than
 * {@link CursorAhead#GRACE} ahead: rows are stamped by the source's clock, which a cron host minutes behind the
 * server would otherwise find ahead on every run, so then the cursor moves on over the held rows at or before it
 * ({@link HeldTail}), their pages committed already. A row ahead of this machine's clock by less than the grace is
 * held back without asking, which costs only its reading again; and a host whose clock is ahead of the source's
 * never asks, so a row ahead of the source's clock by less than the host's lead still moves the cursor: the later
 * of the two clocks judges, and the lookback covers that lead as it covers writers' clocks that disagree.
 *
 * <p>Wall clocks (timestamp without time zone, MySQL DATETIME) and dates have no zone: the clock they would have
 * to stay behind is the earliest zone's, a day behind the latest, and every run would read up to a day of rows
 * again. They keep {@link CursorAhead}'s note instead.
 */
final class ClockLimit {
    private final Clock clock;
    private final SourceClock source;
    /** This machine's clock when the read started. */
    private final Instant started;
    private Instant limit;
    private boolean asked;
    private boolean sourceJudges;

    private ClockLimit(Clock clock, SourceClock source) {
        this.clock = clock;
        this.source = source;
        this.started = clock.instant().truncatedTo(ChronoUnit.MICROS);
        this.limit = started;
    }

    /** The limit of a read of {@code kind}, starting now: only an instant has one. */
    static Optional<ClockLimit> of(WatermarkKind kind, Clock clock, SourceClock source) {
        return kind == WatermarkKind.TIMESTAMPTZ ? Optional.of(new ClockLimit(clock, source)) : Optional.empty();
    }

    /**
     * Whether {@code value} (an instant, as the rows bring it) is ahead of the clock as it stands: asks nothing, for
     * use during a read ({@link HeldTail}).
     */
    boolean holds(Object value) {
        return ((Instant) value).isAfter(limit);
    }

    /** The clock as it stands: this machine's as the read started, or the source's once asked. */
    Instant instant() {
        return limit;
    }

    /**
     * Whether {@code value} is ahead of the clock, the source asked when it is ahead of this machine's by more than
     * the grace. Never while a read is open: see the class comment.
     *
     * @throws Exception the source's failure to tell its clock when its connection is gone (SourceClock)
     */
    boolean past(Object value) throws Exception {
        Instant at = (Instant) value;
        if (!at.isAfter(limit)) {
            return false;
        }
        if (at.isAfter(started.plus(CursorAhead.GRACE))) {
            ask();
        }
        return at.isAfter(limit);
    }

    /**
     * Once a read is over, its stream closed: the source asked its clock if the rows held back reach further ahead
     * of this machine's than the grace ({@code newest}, the last row read).
     *
     * @throws Exception the source's failure to tell its clock when its connection is gone (SourceClock)
     */
    void afterRead(Object newest) throws Exception {
        if (((Instant) newest).isAfter(started.plus(CursorAhead.GRACE))) {
            ask();
        }
    }

    /**
     * Whether {@code position} is ahead of the clock by more than the grace (the source asked as in {@link #past}):
     * what a first sync's newest value must be to change its read (FirstSync); one ahead by less keeps the key order,
     * its boundary the clock less the grace ({@link #position}).
     */
    boolean farPast(Position position) throws Exception {
        return position.isFinite() && past(position.value())
                && ((Instant) position.value()).isAfter(limit.plus(CursorAhead.GRACE));
    }

    private void ask() throws Exception {
        if (asked) {
            return;
        }
        asked = true;
        Instant now = clock.instant();
        Optional<Instant> theirs = source.at(now);
        if (theirs.isPresent()) {
            limit = started.plus(Duration.between(now, theirs.get())).truncatedTo(ChronoUnit.MICROS);
            sourceJudges = true;
        }
    }

    /** Whether {@code position} is ahead of the clock; false for an infinite one, which no cursor holds. */
    boolean past(Position position) throws Exception {
        return position.isFinite() && past(position.value());
    }

    /**
     * Where a table without a cursor stands when no row read is at or before the clock, and a key-order first sync's
     * boundary when the newest value is ahead of the clock: the clock less the grace.
     * Not the clock itself: a transaction stamped before the run and committing after the read would lie behind
     * it, lost without a lookback; a minute of rows read again on the next run costs little.
     */
    Position position() {
        return new Position(WatermarkKind.TIMESTAMPTZ, limit.minus(CursorAhead.GRACE));
    }

    /** {@code newest}, capped at the clock: the newest value a cursor may reach, for the lag figure. */
    Position cap(Position newest) {
        return newest.isFinite() && ((Instant) newest.value()).isAfter(limit)
                ? new Position(WatermarkKind.TIMESTAMPTZ, limit) : newest;
    }

    /**
     * The run's note of rows held back: worth one only when the newest is ahead by more than the grace (a
     * row a few seconds ahead is two hosts' ordinary disagreement, read again once).
     */
    Optional<String> note(String target, String column, long rows, Object newest) {
        Duration by = Duration.between(limit, (Instant) newest);
        if (rows == 0 || by.compareTo(CursorAhead.GRACE) <= 0) {
            return Optional.empty();
        }
        return Optional.of(Counted.rows(rows) + " of " + column + " stamped ahead of the clock "
                + Counted.agreeing(rows, "was", "were") + " read (" + Counted.agreeing(rows, "its value", "the newest")
                + ", " + newest + ", is ahead of " + (sourceJudges ? "the source's clock" : "this machine's clock, the"
                + " source's could not be read,") + " by " + CursorAhead.span(by) + "): "
                + Counted.agreeing(rows, "it is", "they are") + " copied, and read again on every run until the clock"
                + " passes " + Counted.agreeing(rows, "it", "them") + ", the cursor staying at the clock so that rows"
                + " written meanwhile are"
                + " read. A value in the future is mistyped or written by a server whose clock is ahead: set it at the"
                + " source to the current time (now(), or later), which the next run reads, as the cursor never passed"
                + " the clock; an older value (the time the row was written) is behind the cursor and is not read, and"
                + " the replica keeps the copy stamped ahead: `replicate verify --repair " + target + "` (or `replicate"
                + " reset " + target + "`) puts it right");
    }
}
