package dev.replicate.sync;

import dev.replicate.source.WatermarkKind;
import java.util.Optional;

/**
 * The source's newest watermark is behind the table's cursor. Either its newest rows were deleted (or
 * left the table's {@code where}), and nothing is missing; or the table was emptied or dropped and loaded
 * again with older watermarks (a restore, a reload, a serial watermark that starts again), and a read
 * from the cursor would never see its rows, nor any row written after them until their watermarks
 * passed the old cursor; or the value that had taken the cursor ahead of the clock was put right
 * ({@link CursorAhead}), and the rows written since lie behind the cursor. The rows at the newest watermark tell the two apart: after a deletion the
 * replica holds them as they are; after a reload it lacks them or holds other values.
 *
 * <p>A text cursor is left out: Java cannot compare text in the source's collation (see
 * {@link CursorCommit}).
 */
final class BehindTheCursor {
    private BehindTheCursor() {
    }

    /** Whether the newest watermark at the source is behind {@code cursor}, the one the run started from. */
    static boolean applies(Optional<Position> cursor, Optional<Position> newest) {
        return cursor.isPresent() && newest.isPresent() && cursor.get().kind() != WatermarkKind.TEXT
                && cursor.get().isFinite() && newest.get().compareTo(cursor.get()) < 0;
    }

    /**
     * The read of the rows at the newest watermark: a page that changed the replica forgets the cursor
     * in the page's own transaction, so that a run stopped before the table is read again leaves a
     * table that syncs from the start, never one whose changed rows hide the reload from the next run.
     * A page that changed nothing records nothing: the cursor stays.
     */
    static PageCopy.CommitStep probe(PositionRecorder positions, TableBooks books) {
        return () -> {
            if (books.pageChanged > 0) {
                positions.forget();
            }
        };
    }

    /** The note of a table read again from the start. */
    static String note(String target, String column, Position newest, Position cursor) {
        return "the newest " + column + " at the source (" + newest + ") is behind the cursor (" + cursor + "), and"
                + " rows at it differ from the replica's: a value that had taken the cursor ahead was put right at the"
                + " source, or the table was emptied or made again and loaded with older watermarks; " + target + " is read again from the start so that no row behind the cursor is lost"
                + " (rows the source no longer has stay, unless a reconcile removes them: `replicate reset " + target
                + "` starts it clean)";
    }
}
