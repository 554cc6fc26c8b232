package dev.replicate.sync;

import dev.replicate.source.WatermarkKind;
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

    /**
     * @param cursor  where the table's cursor stands before the read (a page never moves it back)
     * @param reread  the cursor as the run found it: rows at or behind it count as re-read
     */
    CursorCommit(PositionRecorder positions, TableBooks books, WatermarkKind kind, Optional<Position> cursor,
                 Optional<Position> reread) {
        this.positions = positions;
        this.books = books;
        this.kind = kind;
        this.text = kind == WatermarkKind.TEXT;
        this.highest = cursor.map(Position::value).orElse(null);
        this.rereadUpTo = reread.map(Position::value).orElse(null);
    }

    @Override
    public void admit(Object position) {
        lastRead = position;
    }

    @Override
    public void written(Object position) {
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
    public void record() throws Exception {
        positions.cursor(new Position(kind, highest));
    }

    /** The last row's watermark, if the read returned any. */
    Optional<Position> lastRead() {
        return lastRead == null ? Optional.empty() : Optional.of(new Position(kind, lastRead));
    }
}
