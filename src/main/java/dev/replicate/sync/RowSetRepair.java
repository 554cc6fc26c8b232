package dev.replicate.sync;

import dev.replicate.log.Counted;
import dev.replicate.log.Log;
import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.sqlite.PageWriter;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.RowKeyIndex;
import dev.replicate.sqlite.RowKeys;
import dev.replicate.sqlite.TargetTable;
import dev.replicate.sqlite.WriteLockWait;
import dev.replicate.sqlite.WriteSettings;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code verify --repair} of a table without a primary key ({@link RowSetVerifier}): each watermark value
 * that holds rows missing from the replica (or unverified) is read again from the source, its expected
 * rows only, and written through the page path with the rows' identities ({@link RowKeys}), as a run
 * reads its cursor's value again: a row the replica already holds has the same identity and is skipped,
 * a row it lacks is inserted. Each page commits on its own; killed at any point, the replica holds only
 * rows of the source, and a second repair does the rest. Nothing is deleted (an append-only table keeps
 * every row it stored) and the cursor is not written. Last, the differing rows are compared again.
 *
 * <p>A row edited by hand in the replica keeps the identity of the row it was, so the source's row of
 * that identity is not written beside it: it is left, and said so (delete the edited row, which verify
 * lists as kept, then repair again).
 */
final class RowSetRepair {
    private final Source source;
    private final DigestRequest request;
    private final RowSetVerifier verifier;
    private final Replica replica;
    private final TargetTable target;
    private final WriteSettings settings;
    private final int pageSize;
    /** The JSON path of the table's entry in the configuration, for the words of a failed write. */
    private final String entryPath;
    /** The text of a failure (a source that stopped answering is explained). */
    private final Function<Exception, String> errorText;

    RowSetRepair(Source source, DigestRequest request, RowSetVerifier verifier, Replica replica, TargetTable target,
                 WriteSettings settings, int pageSize, String entryPath, Function<Exception, String> errorText) {
        this.entryPath = entryPath;
        this.errorText = errorText;
        this.source = source;
        this.request = request;
        this.verifier = verifier;
        this.replica = replica;
        this.target = target;
        this.settings = settings;
        this.pageSize = pageSize;
    }

    Repaired repair(TableVerdict verdict) {
        if (verifier.pulls().isEmpty()) {
            return new Repaired(Optional.empty(), 0, 0, 0, 0, 0, 0, 0);
        }
        TableBooks books = new TableBooks(target.name());
        try {
            // The rows are checked against their identities' index, which a first sync killed part-way left unmade.
            // Waited for, as the pages are below, while an application holds the write lock for a moment.
            WriteLockWait.run(replica, () -> RowKeyIndex.ensure(replica, target.name())
                    .ifPresent(note -> Log.info("{}: {}", target.name(), note)));
        } catch (Exception e) {
            Log.debug(e, "repair {}", target.name());
            return Repaired.failed(errorText.apply(e));
        } catch (OutOfMemoryError e) {
            Log.debug(e, "repair {}", target.name());
            return Repaired.failed(OutOfMemory.explained(e));
        }
        try {
            PageCopy copy = new PageCopy(replica, target.name(), entryPath, pageSize, books, RunListener.NONE);
            // A page refused the write lock, at once when its transaction had read first (an application
            // holding a write transaction for a moment): waited for as a run waits (WriteLockWait), and the
            // values read again; a row a page before committed has its identity there, and is skipped.
            // A try refused the lock is read again whole: its rows count once, as RetriedPass counts a pass's.
            long pulledBefore = books.rowsPulled;
            WriteLockWait.run(replica, () -> {
                try (PageWriter writer = new PageWriter(replica, target, settings)) {
                    for (KeyRange value : verifier.pulls()) {
                        try (RowStream stream = source.readExpected(request, value, pageSize)) {
                            copy.copy(stream, writer, RowIdentities.of(source, request.columns(), null),
                                    RepairPages.step(replica.connection()));
                        }
                    }
                }
            }, () -> books.rowsPulled = pulledBefore);
            Map<RowKind, Long> now = verifier.countAgain();
            long missing = now.getOrDefault(RowKind.MISSING, 0L);
            long unverified = now.getOrDefault(RowKind.UNVERIFIED, 0L);
            // Never any in an append-only table (it has no deletes to reconcile): counted as left, not deleted.
            long extra = now.getOrDefault(RowKind.EXTRA, 0L);
            long left = missing + unverified + extra;
            Optional<String> error = left == 0 ? Optional.empty() : Optional.of(Counted.rows(left)
                    + " still not in the replica after their watermark values were read again: a row edited by hand"
                    + " in the replica keeps the identity of the row it was, so the source's row is not written"
                    + " beside it (delete the edited row, listed as kept, then repair again), or the source changed"
                    + " meanwhile (repair again)");
            return new Repaired(error, Math.max(0, verdict.missing().count() - missing), 0, 0,
                    Math.max(0, verdict.unverified().count() - unverified), left, books.rowsPulled, 0);
        } catch (TableFailure e) {
            return Repaired.failed(e.getMessage());
        } catch (Exception e) {
            Log.debug(e, "repair {}", target.name());
            return Repaired.failed(errorText.apply(e));
        } catch (OutOfMemoryError e) {
            // The rows it held are out of reach here: the repair fails saying so, and verify goes on.
            Log.debug(e, "repair {}", target.name());
            return Repaired.failed(OutOfMemory.explained(e));
        } finally {
            // A page cut short by a failure did not commit.
            replica.rollbackQuietly();
        }
    }
}
