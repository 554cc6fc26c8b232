package dev.replicate.sqlite;

import dev.replicate.log.Counted;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The replica's side of a reconcile as a merge of key blocks ({@code KeyBlocks}: block {@code b}
 * holds the keys {@code b << 6 | i}, bit {@code i} set when the source lists that key), for a SQLite
 * table whose key is its rowid. Added for speed (issue #15): a reconcile of a 1M-row table with 1,000
 * rows gone listed 1M keys one by one and read the replica's 1M rowids through JDBC (some 0.2 s for
 * the rowids alone; the listing of the keys 0.5 s on PostgreSQL and 0.9 s on MariaDB), for a target of
 * 0.3 times the table's first sync. A dense key comes as 15,600 blocks, nearly all full.
 *
 * <p>A full block (all 64 bits) lists every key it can hold, so none of the replica's rows in it can
 * be gone and they are not read: the scan of the replica's rowids ({@code WHERE key >= ? ORDER BY
 * key}, a range of the table's B-tree) seeks past a run of full blocks, or steps over the few rows
 * of one. The rows of every other block, and those between blocks (in no block the source listed),
 * are read in rowid order, and each is gone when its bit is clear. So the rows read are those of the
 * blocks that are not full: for 1,000 rows gone from 1M, some 64,000 rows and 1,000 seeks instead of
 * a million rows.
 *
 * <p>Exact as a set is: a key is kept exactly when the source set its bit. The source's blocks are
 * checked, not trusted, for order: a block below the one before it, or a number outside the range of
 * blocks, makes {@link #add} refuse before anything is deleted, and the reconcile lists the keys
 * again one by one. A block that comes twice in a row is the union of its bits (it is compared only
 * once the next block comes). A run of blocks with the same bits (consecutive full blocks, in one
 * row of the source's) is compared at once.
 *
 * <p>The rows the table holds are not counted (a count of 1M rows reads every page of the table):
 * {@link #findGone} bounds them (the rows read, plus 64 for each full block) and {@link #countRows}
 * counts them when the guard needs more. Memory stays flat: one block and one rowid at a time, and
 * the gone keys as in {@link IntegerKeyMerge}. Nothing in the main file is written before
 * {@link #deleteBatch}.
 */
public final class KeyBlockMerge implements ReconcileSide {
    /** Block numbers: those of the keys Long.MIN_VALUE to Long.MAX_VALUE. */
    static final long MIN_BLOCK = Long.MIN_VALUE >> 6;
    static final long MAX_BLOCK = Long.MAX_VALUE >> 6;
    /**
     * How far ahead (in keys, so at most this many rows) the scan steps rather than seeks: a seek costs
     * as much as stepping over a few dozen rows (about 7 µs against 0.2 µs a row through sqlite-jdbc).
     */
    private static final long STEP_LIMIT = 64;

    private final PreparedStatement seek;
    private final GoneIntegerKeys gone;
    /** The scan of the replica's rowids from the last seek; null before the first. */
    private ResultSet scan;
    /** The replica's key the scan stands at, when {@link #replicaAhead} says there is one. */
    private long replicaKey;
    private boolean replicaAhead;
    /** Every replica key below this has been compared (or passed over in a full block). */
    private long from = Long.MIN_VALUE;
    /** Every replica key has been compared: the last block compared ended at Long.MAX_VALUE. */
    private boolean past;
    /** The block taken but not yet compared (a block may come again with more bits). */
    private boolean pending;
    private long pendingBlock;
    private long pendingBits;
    private long keysListed;
    private long blocks;
    private long fullBlocks;
    /** The replica's rows read and kept. */
    private long kept;
    private long seeks;

    private KeyBlockMerge(PreparedStatement seek, GoneIntegerKeys gone) {
        this.seek = seek;
        this.gone = gone;
    }

    /** Whether {@code target}'s key is its rowid, so that a merge of blocks can compare it. */
    public static boolean applies(Replica replica, String target, List<String> key) throws SQLException {
        return key.size() == 1 && IntegerKeyMerge.isRowid(replica.connection(), target, key.get(0));
    }

    /**
     * The merge, for a table whose key is its rowid ({@link #applies}). Commits what the run has written
     * so far.
     *
     * @param key the key column, as the source names it (SQLite's names ignore case)
     */
    public static KeyBlockMerge begin(Replica replica, String target, String key) throws SQLException {
        String column = SqliteSql.quote(key);
        GoneIntegerKeys gone = GoneIntegerKeys.begin(replica, target, key);
        try {
            return new KeyBlockMerge(replica.connection().prepareStatement("SELECT " + column + " FROM main."
                    + SqliteSql.quote(target) + " WHERE " + column + " >= ? ORDER BY " + column), gone);
        } catch (SQLException | RuntimeException e) {
            try {
                gone.end(List.of());
            } catch (SQLException ending) {
                e.addSuppressed(ending);
            }
            throw e;
        }
    }

    /**
     * Takes the source's next row of blocks: the blocks {@code first} to {@code last}, each with
     * {@code bits}. False, taking nothing, for blocks below the one before them or outside
     * {@link #MIN_BLOCK}..{@link #MAX_BLOCK}.
     */
    public boolean add(long first, long last, long bits) throws SQLException {
        if (first < MIN_BLOCK || last > MAX_BLOCK || last < first || pending && first < pendingBlock) {
            return false;
        }
        long start = first;
        if (pending && first == pendingBlock) {
            pendingBits |= bits;
            if (last == first) {
                return true;
            }
            compare(pendingBlock, pendingBlock, pendingBits);
            start++;
        } else if (pending) {
            compare(pendingBlock, pendingBlock, pendingBits);
        }
        // The last block waits: it may come again, with more bits.
        if (start < last) {
            compare(start, last - 1, bits);
        }
        pending = true;
        pendingBlock = last;
        pendingBits = bits;
        return true;
    }

    /**
     * Compares the blocks {@code first} to {@code last}, each with {@code bits} and above every block
     * compared before, with the replica's rows.
     */
    private void compare(long first, long last, long bits) throws SQLException {
        long count = last - first + 1;
        blocks += count;
        keysListed += Long.bitCount(bits) * count;
        goneBelow(first << 6);
        long high = last << 6 | 63;
        if (bits == -1L) {
            fullBlocks += count;
        } else {
            moveTo(first << 6);
            while (replicaAhead && replicaKey <= high) {
                if ((bits >>> (replicaKey & 63) & 1) != 0) {
                    kept++;
                } else {
                    gone.add(replicaKey);
                }
                step();
            }
        }
        if (high == Long.MAX_VALUE) {
            past = true;
        } else {
            from = high + 1;
        }
    }

    /** The replica's keys from {@link #from} up to {@code limit} (exclusive) are in no block: gone. */
    private void goneBelow(long limit) throws SQLException {
        if (from >= limit) {
            return;
        }
        moveTo(from);
        while (replicaAhead && replicaKey < limit) {
            gone.add(replicaKey);
            step();
        }
    }

    /**
     * Moves the scan to the replica's first key at or above {@code key}, which is at or above every key
     * moved to before. Keys passed over lie in full blocks: kept.
     */
    private void moveTo(long key) throws SQLException {
        if (scan == null) {
            seek(key);
            return;
        }
        if (!replicaAhead || replicaKey >= key) {
            return;
        }
        // key > replicaKey, so the difference is right as an unsigned number, whatever their signs.
        if (Long.compareUnsigned(key - replicaKey, STEP_LIMIT) > 0) {
            seek(key);
            return;
        }
        while (replicaAhead && replicaKey < key) {
            kept++;
            step();
        }
    }

    private void seek(long key) throws SQLException {
        if (scan != null) {
            scan.close();
        }
        seeks++;
        seek.setLong(1, key);
        scan = seek.executeQuery();
        step();
    }

    private void step() throws SQLException {
        replicaAhead = scan.next();
        if (replicaAhead) {
            replicaKey = scan.getLong(1);
        }
    }

    @Override
    public long keysAdded() {
        return keysListed + (pending ? Long.bitCount(pendingBits) : 0);
    }

    @Override
    public String method() {
        return "a merge of " + Counted.of(blocks, "block") + " of 64 keys (" + fullBlocks + " full, whose rows were not"
                + " read; " + Counted.of(seeks, "seek") + ")";
    }

    /**
     * Compares the last block; the replica's keys past it are gone too. The rows the table holds are
     * bounded: at least those read (gone or kept), at most those plus 64 for each full block.
     */
    @Override
    public Gone findGone() throws SQLException {
        if (pending) {
            compare(pendingBlock, pendingBlock, pendingBits);
            pending = false;
        }
        if (!past) {
            moveTo(from);
            while (replicaAhead) {
                gone.add(replicaKey);
                step();
            }
        }
        if (scan != null) {
            scan.close();
        }
        gone.finish();
        long atLeast = gone.count() + kept;
        long atMost = fullBlocks > (Long.MAX_VALUE - atLeast) / 64 ? Long.MAX_VALUE : atLeast + 64 * fullBlocks;
        return new Gone(gone.count(), atLeast, atMost);
    }

    @Override
    public long countRows() throws SQLException {
        return gone.keys().countRows();
    }

    @Override
    public boolean hasMore() {
        return gone.keys().hasMore();
    }

    @Override
    public long deleteBatch(int size) throws SQLException {
        // The gone keys were inserted in ascending order, numbered 1, 2, ... by their rowids.
        return gone.keys().deleteBatch(size);
    }

    @Override
    public void close() throws SQLException {
        gone.end(List.of(() -> {
            if (scan != null) {
                scan.close();
            }
        }, seek::close));
    }
}
