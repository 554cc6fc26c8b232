package dev.replicate.sqlite;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The replica's side of a reconcile: the source's keys go in (one by one, {@link Keys#add}, or in
 * blocks), the SQLite table's rows whose key the source did not list come out, counted first
 * ({@link #findGone}, for the guard) and then deleted in batches ({@link #deleteBatch}), each batch
 * its own transaction. Nothing in the main file is written before the first batch: a crash before it
 * loses TEMP tables only.
 *
 * <p>Three ways: {@link ReconcileKeys} for any key (a table of the source's keys, an anti-join);
 * {@link IntegerKeyMerge} for a key that is the table's rowid, when the source lists it in ascending
 * order (a merge of two ordered streams); and {@link KeyBlockMerge} for such a key when the source
 * lists it in blocks of 64 keys. The last two are performance rooms of their own (see there).
 * {@link #begin} chooses between the first two, which take the source's keys one at a time
 * ({@link Keys}); the engine asks for blocks first.
 */
public interface ReconcileSide extends AutoCloseable {

    /**
     * What a reconcile found: the rows to delete, and the rows the SQLite table holds, counted
     * ({@code totalAtLeast == totalAtMost}) or known between bounds (a side that did not read every
     * row); {@link #countRows} counts them when the bounds do not settle the guard.
     */
    record Gone(long rows, long totalAtLeast, long totalAtMost) {
        /** Found with the table's rows counted. */
        static Gone counted(long rows, long total) {
            return new Gone(rows, total, total);
        }
    }

    /** A side that takes the source's keys one at a time ({@code Source#readKeys}). */
    interface Keys extends ReconcileSide {
        /**
         * Takes the source's next key (its values as the column readers gave them, in the key's column
         * order). False when this side cannot take it (only {@link IntegerKeyMerge} refuses: a key out
         * of ascending order, or not an integer): nothing was written to the main file, and the caller
         * closes this side and starts the listing again with {@link ReconcileKeys}, which takes any key.
         */
        boolean add(Object[] values) throws SQLException;
    }

    /**
     * The merge when the SQLite table's key is its rowid (one integer column), otherwise the table of
     * keys. Commits what the run has written so far.
     *
     * @param key the key columns, as the source names them (SQLite's names ignore case)
     */
    static Keys begin(Replica replica, String target, List<String> key, WriteSettings settings)
            throws SQLException {
        Optional<IntegerKeyMerge> merge = IntegerKeyMerge.begin(replica, target, key);
        if (merge.isPresent()) {
            return merge.get();
        }
        return ReconcileKeys.begin(replica, target, key, settings);
    }

    /** The keys the source listed so far. */
    long keysAdded();

    /**
     * Once every key is in: finds (and counts) the SQLite table's rows whose key the source did not
     * list, and the rows the table holds (or bounds on them); nothing is deleted yet.
     */
    Gone findGone() throws SQLException;

    /** The rows the SQLite table holds, counted (after {@link #findGone}, before any delete). */
    long countRows() throws SQLException;

    /** Whether rows found gone are left to delete. */
    boolean hasMore();

    /**
     * Deletes the next {@code size} rows of those found gone, in one transaction of its own. Nothing
     * else is recorded with it: a batch stands on its own (each row it deletes is gone from the source),
     * and a run killed between batches leaves the next run to find and delete the rest.
     *
     * @return the rows deleted
     */
    long deleteBatch(int size) throws SQLException;

    /** How this side compares, for the debug log. */
    String method();

    /** Drops the TEMP tables and gives the run back its settings; whatever was left uncommitted rolls back. */
    @Override
    void close() throws SQLException;
}
