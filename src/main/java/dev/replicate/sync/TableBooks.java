package dev.replicate.sync;

import dev.replicate.log.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a table's pass counted and noted, kept apart from the pass so that a failing pass still
 * reports how far it got: the engine records these whether the pass ended well or not.
 */
final class TableBooks {
    private final String target;
    private final List<String> notes = new ArrayList<>();
    /** Rows read and written in committed pages, over the snapshot and the cursor read. */
    long rowsPulled;
    /** Of rowsPulled, those the cursor read at or behind the watermark the run started from. */
    long rowsReread;
    /**
     * Rows the replica took in: inserted, or updated because a value differed. A row read again
     * unchanged (every run reads the rows on the stored watermark again) is pulled, not changed; a row
     * read soft-deleted is deleted, not changed.
     */
    long rowsChanged;
    /**
     * Rows removed from the replica: those read soft-deleted (of rowsPulled; a row read soft-deleted
     * that the replica did not hold, never stored or deleted by an earlier run and read again at the
     * watermark, is pulled, not deleted), and those a reconcile found gone from the source (not pulled).
     */
    long rowsDeleted;
    /**
     * The same counts for the page in progress, added to the totals only when its transaction commits:
     * a page that fails rolls back, and its rows were neither stored nor deleted (a review found them
     * counted in _replicate_log and status all the same).
     */
    long pagePulled;
    long pageReread;
    long pageChanged;
    long pageDeleted;
    private Optional<String> sourceNewest = Optional.empty();

    TableBooks(String target) {
        this.target = target;
    }

    void note(String note) {
        notes.add(note);
        Log.info("{}: {}", target, note);
    }

    List<String> notes() {
        return notes;
    }

    /** The page in progress committed: its rows count. */
    void pageCommitted() {
        rowsPulled += pagePulled;
        rowsReread += pageReread;
        rowsChanged += pageChanged;
        rowsDeleted += pageDeleted;
        pagePulled = 0;
        pageReread = 0;
        pageChanged = 0;
        pageDeleted = 0;
    }

    /** The page in progress did not commit (its read failed, and the page rolls back): its rows never count. */
    void pageDiscarded() {
        pagePulled = 0;
        pageReread = 0;
        pageChanged = 0;
        pageDeleted = 0;
    }

    /**
     * What the committed pages went into was dropped (a full table's copy, when the refresh failed before
     * its swap): their rows were kept nowhere, so none counts, as a retried pass does not count the
     * copy its try before dropped (RetriedPass).
     */
    void committedDropped() {
        rowsPulled = 0;
        rowsReread = 0;
        rowsChanged = 0;
        rowsDeleted = 0;
        pageDiscarded();
    }

    Optional<String> sourceNewest() {
        return sourceNewest;
    }

    /** The newest watermark at the source, for the lag figure, in its stored form. */
    void sourceNewest(Optional<Position> newest) {
        sourceNewest = newest.map(Position::encode);
    }
}
