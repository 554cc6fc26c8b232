package dev.replicate.sync;

import dev.replicate.config.Reconcile;
import dev.replicate.config.TableConfig;
import dev.replicate.log.Counted;
import dev.replicate.log.Log;
import dev.replicate.source.KeyBlocks;
import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.sqlite.KeyBlockMerge;
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
 * how they are found: for an integer key a merge, of blocks of keys or of keys one by one; a table
 * of keys for any other).
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
        // A last reconcile stamped after now: the clock was set back since, and is due as a run is (DuePolicy).
        return last.isEmpty() || DuePolicy.ranInTheFuture(last.get().started(), now)
                || Duration.between(last.get().started(), now).compareTo(reconcile.every()) >= 0;
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
        ReconcileSide side = listed(source, plan, key);
        try {
            long listed = System.nanoTime();
            ReconcileSide.Gone gone = side.findGone();
            Log.debug("{}: reconcile listed {} in {} ms and compared them by {}; found {} gone"
                    + " in {} ms more", config.target(), Counted.of(side.keysAdded(), "key"), (listed - began) / 1_000_000, side.method(),
                    gone.rows(), (System.nanoTime() - listed) / 1_000_000);
            if (gone.rows() > 0 && !massDeleteAllowed
                    && tooMany(gone.rows(), gone.totalAtLeast(), reconcile.maxDeletePercent())) {
                // The fewest rows the table may hold leave too many gone: count them, to be sure and to say.
                long total = gone.totalAtLeast() == gone.totalAtMost() ? gone.totalAtLeast() : side.countRows();
                if (tooMany(gone.rows(), total, reconcile.maxDeletePercent())) {
                    throw new TableFailure(guardMessage(gone.rows(), total, reconcile.maxDeletePercent(),
                            side.keysAdded()));
                }
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
            books.note("reconcile: deleted " + Counted.rows(deleted) + " whose key is no longer at the source"
                    + (plan.where().isPresent() ? " (or whose row the \"where\" no longer holds for)" : ""));
        }
    }

    /**
     * The replica's side with every key the source lists in it: in blocks when the SQLite table's key is
     * its rowid and the source lists the key so ({@link KeyBlockMerge}); else one by one, merged with
     * the rowid order ({@link dev.replicate.sqlite.IntegerKeyMerge}) when they come in ascending order,
     * or into a table of keys ({@link ReconcileKeys}). A way that refuses the source's order has
     * written nothing to the main file, and the next lists the keys again.
     */
    private ReconcileSide listed(Source source, TablePlan plan, List<SourceColumn> key) throws Exception {
        Optional<KeyBlockMerge> inBlocks = listInBlocks(source, plan, key);
        if (inBlocks.isPresent()) {
            return inBlocks.get();
        }
        ReconcileSide.Keys side = ReconcileSide.begin(replica, config.target(), plan.key(), settings);
        try {
            if (!list(source, plan, key, side)) {
                // The merge met a key out of ascending order (or not an integer) and took nothing more:
                // nothing is deleted yet, and the general way takes the keys in any order.
                Log.debug("{}: the source's keys did not come as ascending integers; listing them"
                        + " again into a table of keys", config.target());
                ReconcileSide.Keys refused = side;
                side = null;
                refused.close();
                side = ReconcileKeys.begin(replica, config.target(), plan.key(), settings);
                if (!list(source, plan, key, side)) {
                    throw new IllegalStateException("a table of keys refused a key");
                }
            }
            return side;
        } catch (Exception | Error e) {
            closeQuietly(side, e);
            throw e;
        }
    }

    /**
     * The source's keys in blocks, merged ({@link KeyBlockMerge}); empty, with nothing left open, when
     * the SQLite table's key is not its rowid, when the source does not list this key in blocks
     * ({@link Source#readKeyBlocks}), or when its blocks came out of order.
     */
    private Optional<KeyBlockMerge> listInBlocks(Source source, TablePlan plan, List<SourceColumn> key)
            throws Exception {
        if (!KeyBlockMerge.applies(replica, config.target(), plan.key())) {
            return Optional.empty();
        }
        Optional<KeyBlocks> listing = source.readKeyBlocks(plan.schema(), key.get(0), plan.where(), config.pageSize());
        if (listing.isEmpty()) {
            return Optional.empty();
        }
        KeyBlockMerge merge = null;
        try (KeyBlocks blocks = listing.get()) {
            merge = KeyBlockMerge.begin(replica, config.target(), plan.key().get(0));
            while (blocks.next()) {
                if (!merge.add(blocks.block(), blocks.lastBlock(), blocks.bits())) {
                    Log.debug("{}: the source's key blocks did not come in ascending order; listing"
                            + " the keys again one by one", config.target());
                    KeyBlockMerge refused = merge;
                    merge = null;
                    refused.close();
                    return Optional.empty();
                }
            }
        } catch (Exception | Error e) {
            closeQuietly(merge, e);
            throw e;
        }
        return Optional.of(merge);
    }

    private static void closeQuietly(ReconcileSide side, Throwable failure) {
        if (side != null) {
            try {
                side.close();
            } catch (Exception | Error closing) {
                failure.addSuppressed(closing);
            }
        }
    }

    /**
     * Streams the source's keys into {@code side}, read on a thread of their own ({@link RowPipeline})
     * so that the source's listing and decoding overlap with SQLite's work. False when the side refused
     * a key (the listing is then abandoned).
     */
    private boolean list(Source source, TablePlan plan, List<SourceColumn> key, ReconcileSide.Keys side)
            throws Exception {
        try (RowStream stream = source.readKeys(plan.schema(), key, plan.where(), config.pageSize());
             RowPipeline pipeline = RowPipeline.ofKeys(EarlierFloatKeys.wrap(stream, EarlierFloatKeys.of(source, key,
                     key.stream().map(SourceColumn::name).toList())), config.pageSize(), "keys-" + config.target())) {
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

    /** More than the guard allows of {@code total} rows: every row, or more than maxDeletePercent of them. */
    static boolean tooMany(long rows, long total, BigDecimal maxDeletePercent) {
        if (rows >= total) {
            return true;
        }
        return BigDecimal.valueOf(rows).multiply(BigDecimal.valueOf(100))
                .compareTo(maxDeletePercent.multiply(BigDecimal.valueOf(total))) > 0;
    }

    private String guardMessage(long rows, long total, BigDecimal maxDeletePercent, long sourceKeys) {
        BigDecimal percent = BigDecimal.valueOf(rows).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(total), 1, RoundingMode.HALF_UP).stripTrailingZeros();
        String limit = rows >= total && maxDeletePercent.compareTo(BigDecimal.valueOf(100)) >= 0
                ? "every row, which always needs the flag"
                : "more than " + config.jsonPath() + ".deletes.maxDeletePercent (" + maxDeletePercent.toPlainString()
                + "%) allows";
        return "reconcile would delete " + rows + " of the " + Counted.rows(total) + " of " + config.target() + " ("
                + percent.toPlainString() + "%), " + limit + "; nothing was deleted. The source listed "
                + Counted.of(sourceKeys, "key") + (config.where().isPresent() ? " for the table's \"where\"" : "")
                + ": if the rows really are gone, run `replicate run --allow-mass-delete " + config.target()
                + "`; if not, check the source table" + (config.where().isPresent() ? ", the \"where\"" : "")
                + " and the user's permissions";
    }
}
