package dev.replicate.sync;

import dev.replicate.config.TableConfig;
import dev.replicate.sqlite.TableState;

/**
 * How {@code verify} judges the rows of one table that are not simply expected, from its configuration
 * and how its last run ended.
 *
 * @param goneIsExtra      a replica row the source no longer has should be gone: the table's deletes are
 *                         reconciled or soft. Under {@code deletes: "keep"} it is kept by choice (and cannot be
 *                         told from a row added to the replica by hand).
 * @param filteredIsExtra  a replica row whose source row the table's {@code where} leaves out now should be
 *                         gone: only a reconcile deletes those (a cursor read never sees them again)
 * @param cursorRowsJudged the rows on the cursor's own value can be judged: see {@link #lastRunEndedWell}
 */
record VerifyRules(boolean goneIsExtra, boolean filteredIsExtra, boolean cursorRowsJudged) {

    /**
     * A full table: each run replaces the whole copy, so a row the source no longer has (or its {@code where}
     * leaves out) should be gone; there is no cursor value to be unsure of.
     */
    static final VerifyRules FULL = new VerifyRules(true, true, true);

    static VerifyRules of(TableConfig config, TableState state) {
        return new VerifyRules(config.softDelete().isPresent() || config.reconcile().isPresent(),
                config.reconcile().isPresent(), lastRunEndedWell(state));
    }

    /**
     * Whether the replica holds every source row on the cursor's value as of the last run. The cursor
     * read is inclusive (each run reads the rows on the stored value again), so a run that read to the
     * end has them all. A run that failed, or was killed after committing a page (which writes
     * {@code last_run_ts} but leaves {@code last_ok} and {@code last_success_ts} from the run before),
     * may have stored only some of them; and a first sync under way has no cursor to speak of.
     */
    static boolean lastRunEndedWell(TableState state) {
        return state.lastOk().orElse(false) && state.snapshot().isEmpty() && state.lastRunTs().isPresent()
                && state.lastRunTs().equals(state.lastSuccessTs());
    }
}
