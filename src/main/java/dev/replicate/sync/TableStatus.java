package dev.replicate.sync;

import dev.replicate.config.TableMode;
import dev.replicate.sqlite.LastReconcile;
import dev.replicate.sqlite.SnapshotProgress;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code replicate status} shows for one configured table.
 *
 * @param mode     how the table is read: a full table has no watermark column, value or snapshot
 * @param watermarkColumn the incremental table's watermark column; empty for a full table
 * @param snapshot present while a first sync in key order is under way (its watermark is then empty)
 * @param lastOk   empty when the table never ran
 * @param rowsDeleted the rows the last run removed: read soft-deleted (of rowsPulled), or found gone by a reconcile
 * @param nextDue  when the next run will pull it (now or in the past: due now)
 * @param reconciles    whether the table is configured to reconcile deletes
 * @param lastReconcile its last complete reconcile: when it started and the rows it deleted
 * @param cursorAheadOfClock whether the table's last run that read it found its cursor ahead of the clock ({@link CursorAhead})
 */
public record TableStatus(
        String target,
        String source,
        String table,
        TableMode mode,
        Optional<String> watermarkColumn,
        Optional<String> watermarkValue,
        Optional<String> sourceNewestValue,
        Optional<SnapshotProgress> snapshot,
        Optional<Instant> lastRun,
        Optional<Instant> lastSuccess,
        Optional<Boolean> lastOk,
        Optional<String> lastError,
        long rowsPulled,
        long rowsDeleted,
        int consecutiveFailures,
        Instant nextDue,
        boolean reconciles,
        Optional<LastReconcile> lastReconcile,
        boolean cursorAheadOfClock) {

    public boolean failed() {
        return lastOk.isPresent() && !lastOk.get();
    }
}
