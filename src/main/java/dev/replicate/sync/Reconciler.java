package dev.replicate.sync;

import dev.replicate.config.Reconcile;
import dev.replicate.config.TableConfig;
import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.sqlite.LastReconcile;
import dev.replicate.sqlite.ReconcileKeys;
import dev.replicate.sqlite.ReconcileSide;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.WriteSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table's reconcile ({@code "deletes": {"reconcile": "PT1H"}}): after the table's read, in the same
 * run and under the same lock, the source lists the keys of its rows (those its {@code "where"} holds
 * for), and the replica's rows whose key it did not list are deleted (see {@link ReconcileSide} for
 * how they are found: a merge for an integer key, a table of keys for any other).
 *
 * <p>The guard: before anything is deleted, the rows to delete are counted against the rows the
 * replica holds. More than {@code maxDeletePercent} of them, or every one of them (even at 100: a
 * source that answers with no keys, through a lost permission, a wrong {@code "where"}, a table
 * truncated while it is reloaded, must never empty a replica silently), deletes nothing and fails
 * the table with the way on, {@code replicate run --allow-mass-delete TARGET}.
 *
 * <p>Deletes go in batches of the table's page size, each batch its own transaction; the reconcile
 * is recorded ({@code last_reconcile_ts}) only once all are done, so a run killed half-way leaves the
 * next run to reconcile again, which deletes the rest and nothing more.
 */
final class Reconciler {
    private final TableConfig config;
    private final TableId id;
    private final Replica replica;
    private final TableBooks books;
    private final Instant runStarted;
    private final WriteSettings settings;

    Reconciler(TableConfig config, TableId id, Replica replica, TableBooks books, Instant runStarted,
               WriteSettings settings) {
        this.config = config;
        this.id = id;
        this.replica = replica;
        this.books = books;
        this.runStarted = runStarted;
        this.settings = settings;
    }

    /**
     * Fails a table that is to reconcile but has no key to match rows by (its source has none, and the
     * configuration names none), before anything is read: its rows are told apart by all their values,
     * and nothing at the source says which of them still exists.
     */
    static void checkKey(TableConfig config, TablePlan plan) throws TableFailure {
        if (config.reconcile().isPresent() && plan.key().isEmpty()) {
            throw new TableFailure(config.jsonPath() + ".deletes.reconcile: " + plan.schema().name() + " has no primary"
                    + " key, so its rows cannot be matched with the source's; set \"primaryKey\" to the columns that"
                    + " identify a row, or remove \"reconcile\"");
        }
    }

    /** Whether a reconcile is due: never made, or the configured time has passed since the last one started. */
    static boolean due(Reconcile reconcile, Optional<LastReconcile> last, Instant now) {
        return last.isEmpty() || Duration.between(last.get().started(), now).compareTo(reconcile.every()) >= 0;
    }

    /**
     * Reconciles the table if it is due, or at once when {@code massDeleteAllowed} (the run was told
     * to let this table's deletes past the guard).
     */
    void runIfDue(Source source, TablePlan plan, boolean massDeleteAllowed) throws Exception {
        Reconcile reconcile = config.reconcile().orElseThrow();
        StateStore state = new StateStore(replica);
        if (!massDeleteAllowed && !due(reconcile, state.lastReconcile(id), runStarted)) {
            return;
        }
        List<SourceColumn> key = new ArrayList<>();
        for (String name : plan.key()) {
            key.add(plan.schema().column(name).orElseThrow(() -> new TableFailure("the primary key column " + name
                    + " does not exist in " + plan.schema().name())));
        }
        long deleted = 0;
        long began = System.nanoTime();
        ReconcileSide side = ReconcileSide.begin(replica, config.target(), plan.key(), settings);
        try {
            if (!list(source, plan, key, side)) {
                // The merge met a key out of ascending order (or not an integer) and took nothing more:
                // nothing is deleted yet, and the general way takes the keys in any order.
                org.tinylog.Logger.debug("{}: the source's keys did not come as ascending integers; listing them"
                        + " again into a table of keys", config.target());
                side.close();
                side = ReconcileKeys.begin(replica, config.target(), plan.key(), settings);
                if (!list(source, plan, key, side)) {
                    throw new IllegalStateException("a table of keys refused a key");
                }
            }
            long listed = System.nanoTime();
            ReconcileSide.Gone gone = side.findGone();
            org.tinylog.Logger.debug("{}: reconcile listed {} key(s) in {} ms and compared them by {}; found {} gone"
                    + " in {} ms more", config.target(), side.keysAdded(), (listed - began) / 1_000_000, side.method(),
                    gone.rows(), (System.nanoTime() - listed) / 1_000_000);
            if (gone.rows() > 0 && !massDeleteAllowed && tooMany(gone, reconcile.maxDeletePercent())) {
                throw new TableFailure(guardMessage(gone, reconcile.maxDeletePercent(), side.keysAdded()));
            }
            while (side.hasMore()) {
                long batch = side.deleteBatch(config.pageSize());
                deleted += batch;
                books.rowsDeleted += batch;
            }
        } finally {
            side.close();
        }
        state.recordReconcile(id, runStarted, deleted);
        replica.commit();
        if (deleted > 0) {
            books.note("reconcile: deleted " + deleted + " row(s) whose key is no longer at the source"
                    + (plan.where().isPresent() ? " (or whose row the \"where\" no longer holds for)" : ""));
        }
    }

    /**
     * Streams the source's keys into {@code side}, read on a thread of their own ({@link RowPipeline})
     * so that the source's listing and decoding overlap with SQLite's work. False when the side refused
     * a key (the listing is then abandoned).
     */
    private boolean list(Source source, TablePlan plan, List<SourceColumn> key, ReconcileSide side) throws Exception {
        try (RowStream stream = source.readKeys(plan.schema(), key, plan.where(), config.pageSize());
             RowPipeline pipeline = RowPipeline.ofKeys(stream, config.pageSize(), "keys-" + config.target())) {
            RowPipeline.Chunk chunk;
            while ((chunk = pipeline.take()) != null) {
                chunk.warnings.forEach(books::note);
                for (int i = 0; i < chunk.size; i++) {
                    if (!side.add(chunk.values[i])) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** More than the guard allows: every row, or more than maxDeletePercent of them. */
    static boolean tooMany(ReconcileSide.Gone gone, BigDecimal maxDeletePercent) {
        if (gone.rows() >= gone.total()) {
            return true;
        }
        return BigDecimal.valueOf(gone.rows()).multiply(BigDecimal.valueOf(100))
                .compareTo(maxDeletePercent.multiply(BigDecimal.valueOf(gone.total()))) > 0;
    }

    private String guardMessage(ReconcileSide.Gone gone, BigDecimal maxDeletePercent, long sourceKeys) {
        BigDecimal percent = BigDecimal.valueOf(gone.rows()).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(gone.total()), 1, RoundingMode.HALF_UP).stripTrailingZeros();
        String limit = gone.rows() >= gone.total() && maxDeletePercent.compareTo(BigDecimal.valueOf(100)) >= 0
                ? "every row, which always needs the flag"
                : "more than " + config.jsonPath() + ".deletes.maxDeletePercent (" + maxDeletePercent.toPlainString()
                + "%) allows";
        return "reconcile would delete " + gone.rows() + " of the " + gone.total() + " rows of " + config.target() + " ("
                + percent.toPlainString() + "%), " + limit + "; nothing was deleted. The source listed " + sourceKeys
                + " key(s)" + (config.where().isPresent() ? " for the table's \"where\"" : "")
                + ": if the rows really are gone, run `replicate run --allow-mass-delete " + config.target()
                + "`; if not, check the source table" + (config.where().isPresent() ? ", the \"where\"" : "")
                + " and the user's permissions";
    }
}
