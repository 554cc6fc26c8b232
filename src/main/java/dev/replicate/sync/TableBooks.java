package dev.replicate.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * What a table's pass counted and noted, kept apart from the pass so that a failing pass still
 * reports how far it got: the engine records these whether the pass ended well or not.
 */
final class TableBooks {
    private final String target;
    private final List<String> notes = new ArrayList<>();
    /** Rows read and written, over the snapshot and the cursor read. */
    long rowsPulled;
    /** Of rowsPulled, those the cursor read at or behind the watermark the run started from. */
    long rowsReread;
    /**
     * Rows removed from the replica: those read soft-deleted (of rowsPulled; a row read soft-deleted
     * that the replica did not hold, never stored or deleted by an earlier run and read again at the
     * watermark, is pulled, not deleted), and those a reconcile found gone from the source (not pulled).
     */
    long rowsDeleted;
    private Optional<String> sourceNewest = Optional.empty();

    TableBooks(String target) {
        this.target = target;
    }

    void note(String note) {
        notes.add(note);
        Logger.info("{}: {}", target, note);
    }

    List<String> notes() {
        return notes;
    }

    Optional<String> sourceNewest() {
        return sourceNewest;
    }

    /** The newest watermark at the source, for the lag figure, in its stored form. */
    void sourceNewest(Optional<Position> newest) {
        sourceNewest = newest.map(Position::encode);
    }
}
