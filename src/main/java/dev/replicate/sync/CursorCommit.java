package dev.replicate.sync;

import dev.replicate.source.WatermarkKind;
import java.time.Instant;
import java.util.Optional;

/**
 * The cursor read's pages: each commits the highest watermark it reached. Also counts the rows read
 * at or behind the cursor the run started from, and remembers the last row's watermark, the newest
 * at the source once the read is over (rows come in watermark order).
 */
final class CursorCommit implements PageCopy.CommitStep {
    private final PositionRecorder positions;
    private final TableBooks books;
    private final WatermarkKind kind;
    private final boolean text;
    /** Raw values, as the rows bring them: a Position is made per page, not per row. */
    private Object highest;
    private Object lastRead;
    private Object rereadUpTo;
    /** A cursor ahead of the clock, kept while no row read is at or before it. */
    private final Object kept;
    /** The clock the cursor stays behind (ClockLimit): an instant's; null for other kinds. */
    private final ClockLimit limit;
    /** Whether the row admitted last is ahead of the clock; once one is, all after it are (watermark order). */
    private boolean ahead;
    /** The rows read ahead of the clock: the read's tail. */
    private HeldTail tail;
    /** Of those, the rows the cursor stays behind once the read is over ({@link #settle}). */
    private long rowsAhead = -1;

    /**
     * @param cursor  where the table's cursor stands before the read (a page never moves it back)
     * @param reread  the cursor as the run found it: rows at or behind it count as re-read
     */
    CursorCommit(PositionRecorder positions, TableBooks books, WatermarkKind kind, Optional<Position> cursor,
                 Optional<Position> reread) {
        this(positions, books, kind, cursor, reread, Optional.empty(), false);
    }

    /**
     * @param limit       the clock the cursor never passes ({@link ClockLimit}), for an instant
     * @param cursorAhead whether {@code cursor} is ahead of that clock (an earlier release left it there): then
     *                    the pages' cursor is the last row read at or before the clock, even behind it, and the
     *                    cursor stays where it is only when no row is
     */
    CursorCommit(PositionRecorder positions, TableBooks books, WatermarkKind kind, Optional<Position> cursor,
                 Optional<Position> reread, Optional<ClockLimit> limit, boolean cursorAhead) {
        this.positions = positions;
        this.books = books;
        this.kind = kind;
        this.text = kind == WatermarkKind.TEXT;
        this.highest = cursorAhead ? null : cursor.map(Position::value).orElse(null);
        this.kept = cursorAhead ? cursor.map(Position::value).orElse(null) : null;
        this.rereadUpTo = reread.map(Position::value).orElse(null);
        this.limit = limit.orElse(null);
    }

    @Override
    public void admit(Object position) {
        lastRead = position;
        if (limit != null) {
            // Judged by the clock as it stands, asking the source nothing while the read holds its connection
            // (ClockLimit). Once a row is ahead of it, every row after it is (watermark order): the read's tail,
            // of which only what the cursor may later need is kept (HeldTail).
            if (!ahead && limit.holds(position)) {
                ahead = true;
                tail = new HeldTail(limit.instant());
            }
            if (ahead) {
                tail.add(position);
            }
        }
    }

    @Override
    public void written(Object position) {
        if (ahead) {
            // Copied, but the cursor stays behind it: the next run reads it again, and the rows written meanwhile.
            return;
        }
        // Text is ordered by the source's collation, which Java's order is not ('a' < 'B' in most): the
        // read's own order says which value is newer, and a text read starts at the cursor (no lookback),
        // so each row's value is the newest yet. Other kinds compare exactly in Java, and a lookback's
        // rows, behind the cursor, must not move it back.
        if (highest == null || text || Position.compareValues(position, highest) > 0) {
            highest = position;
        }
        // Rows come in watermark order: once one is past the stored value, all that follow are. Text
        // rows are the stored value's while they spell it.
        if (rereadUpTo != null) {
            if (text ? position.equals(rereadUpTo) : Position.compareValues(position, rereadUpTo) <= 0) {
                books.pageReread++;
            } else {
                rereadUpTo = null;
            }
        }
    }

    @Override
    public boolean standsStill() {
        Object at = highest != null ? highest : kept;
        return at != null && positions.holds(new Position(kind, at));
    }

    @Override
    public void record() throws Exception {
        // Every row this read committed is ahead of the clock: a cursor ahead of it stays where it is (the next
        // run reads the table again, LeftBehind); a table with none yet gets the clock less the grace, behind every
        // row read and before any row written from now on, rather than no position, under which no page may commit
        // (PositionRecorder). Less the grace, as a row's value would: a transaction stamped before the run that
        // commits after the read lies behind the clock itself, and would be lost without a lookback.
        Object at = highest != null ? highest : kept;
        positions.cursor(at != null ? new Position(kind, at) : limit.position());
    }

    /**
     * Once the read is over, its stream closed and its pages committed: the source asked its clock if the rows held
     * back reach far enough ahead (ClockLimit#afterRead), and where it lets the cursor on over some of them (a host
     * behind the server), the cursor recorded at the last of those, in the open transaction, which the caller
     * commits: their rows are in, committed with their pages, so the cursor may pass them.
     *
     * @return whether the cursor moved (a transaction to commit)
     */
    boolean settle() throws Exception {
        if (tail == null) {
            return false;
        }
        rowsAhead = tail.rows();
        Instant before = limit.instant();
        limit.afterRead(lastRead);
        if (!limit.instant().isAfter(before)) {
            return false;
        }
        Optional<HeldTail.Cut> cut = tail.cut(limit.instant());
        if (cut.isEmpty()) {
            return false;
        }
        rowsAhead = cut.get().rowsAfter();
        Object at = cut.get().value();
        if (highest != null && Position.compareValues(at, highest) <= 0) {
            return false;
        }
        highest = at;
        positions.cursor(new Position(kind, at));
        return true;
    }

    /** The run's note of the rows it read ahead of the clock and will read again, if worth one. */
    Optional<String> aheadNote(String target, String column) {
        long rows = rowsAhead >= 0 ? rowsAhead : tail == null ? 0 : tail.rows();
        return limit == null || !ahead ? Optional.empty() : limit.note(target, column, rows, lastRead);
    }

    /** The last row's watermark, if the read returned any. */
    Optional<Position> lastRead() {
        return lastRead == null ? Optional.empty() : Optional.of(new Position(kind, lastRead));
    }
}
