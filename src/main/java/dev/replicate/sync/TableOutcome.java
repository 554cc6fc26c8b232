package dev.replicate.sync;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one table's run ended.
 *
 * @param error  present when the table failed; already free of secrets
 * @param rowsReread of rowsPulled, the rows read at or behind the watermark the run started from
 *                   (see TableSync#rowsReread)
 * @param rowsChanged of rowsPulled, the rows the replica took in: inserted, or updated because a value differed
 * @param rowsDeleted the rows removed from the replica: read soft-deleted (of rowsPulled), or gone from the
 *                    source at a reconcile
 * @param notes  schema changes, NULL watermarks and other things worth a line in the log
 * @param continued whether the target's state was there before this run: it brought a table synced (or
 *                  tried) before up to date, rather than starting a first sync
 */
public record TableOutcome(
        String target,
        String source,
        String table,
        long rowsPulled,
        long rowsReread,
        long rowsChanged,
        long rowsDeleted,
        Duration duration,
        Optional<String> error,
        List<String> notes,
        boolean continued) {

    public boolean ok() {
        return error.isEmpty();
    }
}
