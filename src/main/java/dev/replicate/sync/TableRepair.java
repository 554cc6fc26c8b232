package dev.replicate.sync;

import dev.replicate.log.Log;
import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.sqlite.PageWriter;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.TargetTable;
import dev.replicate.sqlite.WriteLockWait;
import dev.replicate.sqlite.WriteSettings;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code verify --repair} of one table: each range verify found rows to repair in is put right, in key
 * order, by the page path a run writes through. First the range's extra rows are found again (verify
 * kept only their count) and deleted, in one transaction; then, when the range had missing, different
 * or unverified rows, the rows the replica should hold there are read again from the source
 * ({@link Source#readExpected}: only rows the cursor has passed, so nothing past it comes in) and
 * upserted page by page ({@link PageCopy}), each page its own transaction, as a run's are. Last the range
 * is compared again, which says what the repair put right and what is left.
 *
 * <p>Deletes come before the read: a row gone from the source that comes back meanwhile is then read
 * in again, not deleted after it was read. The cursor and the rest of the table's state are never
 * written (a page records no position), so a repair fixes rows and moves replication neither on nor
 * back. Everything it writes is idempotent: killed at any point, it leaves committed pages and
 * deletes that were right, and a second {@code verify --repair} finds and does the rest.
 */
final class TableRepair {
    private final Source source;
    private final DigestRequest request;
    private final RangeRows rows;
    private final Replica replica;
    private final TargetTable target;
    private final RepairGuard guard;
    private final WriteSettings settings;
    private final int pageSize;
    /** The JSON path of the table's entry in the configuration, for the words of a failed write. */
    private final String entryPath;
    /** The text of a failure (a source that stopped answering is explained). */
    private final Function<Exception, String> errorText;
    /** The rows the repair deleted so far: each range's deletes count once committed. */
    private long deleted;
    /**
     * Writes the repair's pages; replaced after a try refused the write lock. A field, read where it is
     * written to, so that the range's next try cannot be handed the refused one.
     */
    private PageWriter writer;

    TableRepair(Source source, DigestRequest request, RangeRows rows, Replica replica, TargetTable target,
                RepairGuard guard, WriteSettings settings, int pageSize, String entryPath,
                Function<Exception, String> errorText) {
        this.entryPath = entryPath;
        this.errorText = errorText;
        this.source = source;
        this.request = request;
        this.rows = rows;
        this.replica = replica;
        this.target = target;
        this.guard = guard;
        this.settings = settings;
        this.pageSize = pageSize;
    }

    Repaired repair(List<DifferingRange> ranges) {
        Map<RowKind, Long> repaired = new EnumMap<>(RowKind.class);
        long left = 0;
        deleted = 0;
        TableBooks books = new TableBooks(target.name());
        Optional<String> error = Optional.empty();
        writer = null;
        try {
            writer = new PageWriter(replica, target, settings);
            PageCopy copy = new PageCopy(replica, target.name(), entryPath, pageSize, books, RunListener.NONE);
            for (DifferingRange range : ranges) {
                // A write refused the lock, at once when its transaction had read first (an application holding
                // a write transaction for a moment): waited for as a run waits (WriteLockWait), and the range
                // repaired again from the replica as it then stands, with a fresh writer; what committed stays.
                // The range is read again whole after a refused try: its rows count once, as RetriedPass's.
                long pulledBefore = books.rowsPulled;
                WriteLockWait.run(replica, () -> repairRange(range, copy), () -> {
                    // The refused writer may still hold rows of the try.
                    PageWriter refused = writer;
                    writer = null;
                    closeQuietly(refused);
                    writer = new PageWriter(replica, target, settings);
                    books.rowsPulled = pulledBefore;
                });
                Map<RowKind, Long> after = new EnumMap<>(RowKind.class);
                rows.compare(range.range(), (kind, key) -> after.merge(kind, 1L, Long::sum));
                for (RowKind kind : RowKind.values()) {
                    if (kind.repaired()) {
                        long now = after.getOrDefault(kind, 0L);
                        repaired.merge(kind, Math.max(0, range.count(kind) - now), Long::sum);
                        left += now;
                    }
                }
            }
        } catch (TableFailure e) {
            error = Optional.of(e.getMessage());
        } catch (Exception e) {
            Log.debug(e, "repair {}", target.name());
            error = Optional.of(errorText.apply(e));
        } catch (OutOfMemoryError e) {
            // The rows it held are out of reach here: the repair fails saying so, and verify goes on.
            Log.debug(e, "repair {}", target.name());
            error = Optional.of(OutOfMemory.explained(e));
        } finally {
            // A page or a batch of deletes cut short by a failure did not commit.
            replica.rollbackQuietly();
            closeQuietly(writer);
            writer = null;
        }
        return new Repaired(error, repaired.getOrDefault(RowKind.MISSING, 0L),
                repaired.getOrDefault(RowKind.DIFFERENT, 0L), repaired.getOrDefault(RowKind.EXTRA, 0L),
                repaired.getOrDefault(RowKind.UNVERIFIED, 0L), left, books.rowsPulled, deleted);
    }

    /** Deletes the range's extra rows, then reads again the rows it should hold, when it lacks some; through {@link #writer}. */
    private void repairRange(DifferingRange range, PageCopy copy) throws Exception {
        if (range.count(RowKind.EXTRA) > 0) {
            deleteExtra(range.range());
        }
        if (range.needsPull()) {
            try (RowStream stream = source.readExpected(request, range.range(), pageSize)) {
                copy.copy(stream, writer, null, RepairPages.step(replica.connection()));
            }
        }
    }

    private static void closeQuietly(PageWriter writer) {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (SQLException e) {
            Log.debug(e, "closing the repair's writer");
        }
    }

    /**
     * Deletes the range's extra rows, found again by comparing it (verify kept only their count: a range
     * holds at most {@link TableVerifier#LEAF_ROWS} replica rows, but a table may hold many such ranges),
     * in one transaction; unless they would take the repair's deletes past the guard (the source changed
     * since verify's pass), which fails the table before any of them is deleted.
     */
    private void deleteExtra(KeyRange range) throws Exception {
        List<List<Object>> extra = new ArrayList<>();
        rows.compare(range, (kind, key) -> {
            if (kind == RowKind.EXTRA) {
                extra.add(key);
            }
        });
        Optional<String> stop = guard.stop(deleted, extra.size());
        if (stop.isPresent()) {
            throw new TableFailure(stop.get());
        }
        long gone = 0;
        for (List<Object> key : extra) {
            gone += StrayKeys.heldAsBytes(key) ? StrayKeys.delete(replica, target.name(), target.key(), key)
                    : writer.deleteKey(key.toArray());
        }
        writer.flush();
        replica.commit();
        deleted += gone;
    }
}
