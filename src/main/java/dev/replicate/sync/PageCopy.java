package dev.replicate.sync;

import dev.replicate.source.ReadRequest;
import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.sqlite.PageWriter;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.RowKeys;
import dev.replicate.sqlite.TargetTable;
import dev.replicate.sqlite.WriteSettings;
import java.sql.SQLException;

/**
 * Copies one read into the SQLite table page by page: every {@code pageSize} rows, one transaction
 * holds the rows and the position they reached, so a crash between pages loses nothing. What that
 * position is (a cursor, or a first sync's progress) is the {@link CommitStep}'s business.
 *
 * <p>Rows are read on a second thread ({@link RowPipeline}) and written on this one, so the source
 * and SQLite work at the same time. This loop runs per row: it hands the step each row's raw
 * position, never a {@link Position}, so that a row costs no allocation.
 */
final class PageCopy {
    /** What a page's transaction records besides its rows, and what it checks on the way. */
    interface CommitStep {
        /** A row's position before the row is written; throws to refuse it (nothing of it is counted). */
        default void admit(Object position) throws Exception {
        }

        /** A row's position once the row is written and counted. */
        default void written(Object position) {
        }

        /**
         * A row's position once the row, read as soft-deleted, is deleted from the replica (or found
         * absent) and counted. It moves a cursor as a written row does; the replica does not hold it.
         */
        default void deleted(Object position) {
            written(position);
        }

        /** Records the position the written rows reached, in the page's open transaction. */
        void record() throws Exception;

        /**
         * Whether the position the written rows reached is the one the file holds already, so that
         * {@link #record} would write nothing the table's outcome does not write again.
         */
        default boolean standsStill() {
            return false;
        }

        /**
         * Just before a page's rows are written, in the page's transaction: a test's seam (a repair's
         * {@link RepairPages#step}), nothing otherwise.
         */
        default void beforeWrite() throws Exception {
        }
    }

    /**
     * How long, in all, one page may wait on the source for its next rows before the rows written so far
     * commit: a bound on the page's waits together, not on each, so that a source slow but steady (every
     * chunk just within it) does not keep the page's transaction open until the page is full.
     */
    static final long QUIET_SOURCE_MILLIS = 100;
    private static final long QUIET_SOURCE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(QUIET_SOURCE_MILLIS);
    /**
     * How long the write lock is left free after a page the source kept waiting, unless the source fills the
     * pipeline sooner: twice the longest sleep of SQLite's busy handler between its tries (100 ms), so that an
     * application waiting for the lock tries within it even when its thread wakes late on a busy machine.
     */
    static final long LOCK_FREE_MILLIS = 200;
    private static final long LOCK_FREE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(LOCK_FREE_MILLIS);

    private final Replica replica;
    /** The table {@link #copy(Source, ReadRequest, RowKeys, CommitStep)} writes; null for a full table's copy. */
    private final TargetTable target;
    /** The table's name in progress reports: the target's, also while a full table's copy is written. */
    private final String reported;
    /** The JSON path of the table's entry in the configuration, which a NULL key's failure names ({@link NullKey}). */
    private final String entryPath;
    private final WriteSettings settings;
    private final int pageSize;
    private final TableBooks books;
    private final RunListener listener;
    /** Null for a table that keeps deleted rows: then a row costs one null test more, nothing else. */
    private final SoftDelete softDelete;
    /** How long the open page has waited on the source so far; back to 0 at each commit. */
    private long pageWaitNanos;

    PageCopy(Replica replica, TargetTable target, String entryPath, WriteSettings settings, int pageSize,
             TableBooks books, RunListener listener, java.util.Optional<SoftDelete> softDelete) {
        this(replica, target, target.name(), entryPath, settings, pageSize, books, listener, softDelete);
    }

    /** A copy through writers of the caller's ({@link #copy(RowStream, PageWriter, RowKeys, CommitStep)}), reported as {@code target}. */
    PageCopy(Replica replica, String target, String entryPath, int pageSize, TableBooks books, RunListener listener) {
        this(replica, null, target, entryPath, WriteSettings.DEFAULT, pageSize, books, listener,
                java.util.Optional.empty());
    }

    private PageCopy(Replica replica, TargetTable target, String reported, String entryPath, WriteSettings settings,
                     int pageSize, TableBooks books, RunListener listener, java.util.Optional<SoftDelete> softDelete) {
        this.entryPath = entryPath;
        this.softDelete = softDelete.orElse(null);
        this.replica = replica;
        this.target = target;
        this.reported = reported;
        this.settings = settings;
        this.pageSize = pageSize;
        this.books = books;
        this.listener = listener;
    }

    /** @param rowKeys the row identities of an append-only table; null for a table with a key */
    void copy(Source source, ReadRequest request, RowKeys rowKeys, CommitStep step) throws Exception {
        try (RowStream rows = source.read(request); PageWriter writer = new PageWriter(replica, target, settings)) {
            copy(EarlierFloatKeys.wrap(rows, EarlierFloatKeys.of(source, request.columns(), target.key())), writer,
                    rowKeys, step);
        }
    }

    /** Copies an open stream's rows through an open writer; the caller closes both. */
    void copy(RowStream rows, PageWriter writer, RowKeys rowKeys, CommitStep step) throws Exception {
        try (RowPipeline pipeline = new RowPipeline(rows, rowKeys, pageSize, reported)) {
            try {
                copyRows(pipeline, writer, step);
            } catch (Exception e) {
                // The reader's own failure, if it failed meanwhile, goes with this one: a try refused the write
                // lock is run again only over a connection still usable, and where the read's failure (the source
                // went quiet) left it unusable, that is what the table's error tells (ReplicationEngine#runTable).
                pipeline.close();
                pipeline.untold().ifPresent(e::addSuppressed);
                throw e;
            }
        } catch (SQLException e) {
            throw NullKey.explained(e, books.notes(), entryPath).<Exception>map(failure -> failure).orElse(e);
        } finally {
            // A page still in progress here did not commit: the caller rolls it back.
            books.pageDiscarded();
        }
    }

    private void copyRows(RowPipeline pipeline, PageWriter writer, CommitStep step) throws Exception {
        // A local, tested once per row: a table that keeps deleted rows pays a null test, no more.
        SoftDelete deletes = softDelete;
        pageWaitNanos = 0;
        RowPipeline.Chunk chunk;
        while (true) {
            // A page's transaction holds SQLite's write lock from its first row on. Once the page has
            // waited on the source for QUIET_SOURCE_MILLIS in all (a slow network, a stalled server, or a
            // source slow but steady), the rows written so far commit as a shorter page, with the
            // position they reached, so that applications writing to the replica are not refused for as
            // long as the source is slow (README: "An application writes to the replica during a run"),
            // and a stop signal's record does not wait on it. Checked per chunk, never per row.
            if (writer.pending() > 0) {
                long waited = System.nanoTime();
                boolean ready = pipeline.readyWithinNanos(Math.max(0, QUIET_SOURCE_NANOS - pageWaitNanos));
                pageWaitNanos += System.nanoTime() - waited;
                if (!ready) {
                    commit(writer, step);
                    // Not taken again at once: SQLite queues no one for its lock, and an application's busy
                    // handler only tries again after a sleep of up to 100 ms, so a next page that began
                    // writing as soon as the source's next rows came (a few ms later) kept the lock
                    // nearly all the time, and the application's tries missed the gaps until its busy
                    // timeout ran out. The rows wait in the pipeline meanwhile; a source that fills it
                    // is no longer the slow side, and the next page begins at once.
                    pipeline.awaitBacklog(LOCK_FREE_NANOS);
                }
            }
            if ((chunk = pipeline.take()) == null) {
                break;
            }
            // First: a write that fails on these rows is told with what the source noted about them.
            chunk.warnings.forEach(books::note);
            for (int i = 0; i < chunk.size; i++) {
                Object position = chunk.positions[i];
                step.admit(position);
                if (deletes != null && deletes.marks(chunk.values[i])) {
                    // Deleted at the source: gone from the replica in this page's transaction, so
                    // the delete commits with the watermark that passed it. Pulled, never stored.
                    books.pageDeleted += writer.delete(chunk.values[i]);
                    books.pagePulled++;
                    step.deleted(position);
                } else {
                    writer.add(chunk.values[i], chunk.rowKeys == null ? null : chunk.rowKeys[i]);
                    books.pagePulled++;
                    step.written(position);
                }
                if (writer.pending() >= pageSize) {
                    commit(writer, step);
                }
            }
        }
        commit(writer, step);
    }

    /** Writes the batch and its position in one transaction. */
    private void commit(PageWriter writer, CommitStep step) throws Exception {
        pageWaitNanos = 0;
        if (writer.pending() == 0) {
            return;
        }
        step.beforeWrite();
        long changed = writer.flush();
        books.pageChanged += changed;
        // A page that changed no row and leaves the cursor where the file has it (the rows on the stored
        // watermark, which every run reads again, found unchanged) records nothing, and its commit writes
        // nothing: a replica run every minute no longer writes each unchanged table's cursor again. (Its
        // run time was within the rounds' spread with or without it: BENCHMARKS.md, issue #17.) Killed
        // before its outcome, such a table keeps the last run's time, which is true of what it committed.
        if (changed > 0 || books.pageDeleted > 0 || !step.standsStill()) {
            step.record();
        }
        replica.commit();
        books.pageCommitted();
        listener.progress(reported, books.rowsPulled);
    }
}
