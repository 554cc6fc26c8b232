package dev.replicate.sync;

import dev.replicate.config.Reconcile;
import dev.replicate.config.TableConfig;
import dev.replicate.log.Counted;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The reconcile's guard, for the rows a repair deletes: a source that answers with no rows (a lost
 * permission, a wrong {@code "where"}, a table truncated while it is reloaded) must never empty a
 * replica, and rows the cursor has passed that a repair deleted would not come back on the next run.
 * More than the table's {@code maxDeletePercent} of the replica's rows (without a reconcile, the
 * default's: such a table has no setting of its own), or every one of them, needs
 * {@code verify --repair --allow-mass-delete}.
 *
 * <p>Checked twice: against the extra rows verify found, before anything is repaired (the table is then
 * not repaired at all); and against the rows the repair deletes, counted as it goes, since the source
 * may have changed since verify compared it: the repair stops before its deletes would pass the guard.
 */
final class RepairGuard {
    private final TableConfig config;
    private final long total;
    private final boolean massDeleteAllowed;

    /**
     * @param total             the rows the replica's table holds before the repair
     * @param massDeleteAllowed {@code --allow-mass-delete} names the table: nothing is refused
     */
    RepairGuard(TableConfig config, long total, boolean massDeleteAllowed) {
        this.config = config;
        this.total = total;
        this.massDeleteAllowed = massDeleteAllowed;
    }

    /** Why the table's repair is refused, verify having found {@code extra} rows to delete; empty when within. */
    Optional<String> refusal(long extra) {
        return beyond(extra).map(reason -> reason + "; nothing was repaired. " + wayOut());
    }

    /**
     * Why the repair must stop before deleting {@code more} rows after the {@code deleted} it has; empty
     * when the total is within the guard.
     */
    Optional<String> stop(long deleted, long more) {
        return beyond(deleted + more).map(reason -> reason + "; the repair stopped before deleting them, having"
                + " deleted " + deleted + " (more rows are gone from the source than when verify compared it). "
                + wayOut());
    }

    private Optional<String> beyond(long extra) {
        BigDecimal percent = config.reconcile().map(Reconcile::maxDeletePercent)
                .orElse(Reconcile.DEFAULT_MAX_DELETE_PERCENT);
        if (massDeleteAllowed || extra == 0 || !Reconciler.tooMany(extra, total, percent)) {
            return Optional.empty();
        }
        String share = BigDecimal.valueOf(extra).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(total), 1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        String limit = extra >= total ? "every row, which always needs the flag"
                : config.reconcile().isPresent()
                ? "more than " + config.jsonPath() + ".deletes.maxDeletePercent (" + percent.toPlainString() + "%) allows"
                : "more than the " + percent.toPlainString() + "% a repair deletes unasked";
        return Optional.of("would delete " + extra + " of the " + Counted.rows(total) + " (" + share + "%), " + limit);
    }

    private String wayOut() {
        return "If the rows really are gone at the source, run `replicate verify --repair --allow-mass-delete "
                + config.target() + "`; if not, check the source table"
                + (config.where().isPresent() ? ", the \"where\"" : "") + " and the user's permissions";
    }
}
