package dev.replicate.sync;

import dev.replicate.config.Reconcile;
import dev.replicate.config.TableConfig;
import dev.replicate.sqlite.ReconcileSide;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The reconcile's guard, for the rows a repair would delete: a source that answers with no rows (a lost
 * permission, a wrong {@code "where"}, a table truncated while it is reloaded) must never empty a
 * replica, and rows the cursor has passed that a repair deleted would not come back on the next run.
 * More than the table's {@code maxDeletePercent} of the replica's rows (without a reconcile, the
 * default's: such a table has no setting of its own), or every one of them, needs
 * {@code verify --repair --allow-mass-delete}; the table is then not repaired at all.
 */
final class RepairGuard {
    private RepairGuard() {
    }

    /** Why the table's repair is refused; empty when its deletes are within the guard. */
    static Optional<String> refusal(TableConfig config, long extra, long total) {
        BigDecimal percent = config.reconcile().map(Reconcile::maxDeletePercent)
                .orElse(Reconcile.DEFAULT_MAX_DELETE_PERCENT);
        if (extra == 0 || !Reconciler.tooMany(new ReconcileSide.Gone(extra, total), percent)) {
            return Optional.empty();
        }
        String share = BigDecimal.valueOf(extra).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(total), 1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        String limit = extra >= total ? "every row, which always needs the flag"
                : config.reconcile().isPresent()
                ? "more than " + config.jsonPath() + ".deletes.maxDeletePercent (" + percent.toPlainString() + "%) allows"
                : "more than the " + percent.toPlainString() + "% a repair deletes unasked";
        return Optional.of("would delete " + extra + " of the " + total + " rows (" + share + "%), " + limit
                + "; nothing was repaired. If the rows really are gone at the source, run `replicate verify --repair"
                + " --allow-mass-delete " + config.target() + "`; if not, check the source table"
                + (config.where().isPresent() ? ", the \"where\"" : "") + " and the user's permissions");
    }
}
