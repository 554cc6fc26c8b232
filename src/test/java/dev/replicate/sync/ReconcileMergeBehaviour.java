package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.RunPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The three ways a reconcile compares keys, on every source type: a key of one integer column (the
 * SQLite table's rowid) goes through a merge of blocks of 64 keys ({@code KeyBlockMerge}) when the
 * source lists it so (the built-in sources do for a table whose keys fill their blocks), else through
 * a merge of the keys one by one ({@code IntegerKeyMerge}); any other key goes through the table of
 * keys ({@code ReconcileKeys}). Each deletes exactly the rows gone. The keys here are chosen to catch
 * a merge that is off by one anywhere: gaps, the ends of the long range, negative keys, the edges of
 * blocks (63, 64, 127 ...), whole blocks gone, runs of deletes across the source's chunks, the delete
 * batches and the merge's groups of gone keys, replica keys before the source's first and after its
 * last, and source keys the replica never read. Each run is made with -vv, whose debug line says which
 * way compared the keys, so a test cannot pass on another way unnoticed. The sources decide on blocks
 * by their statistics: the tables that are to go through blocks are analyzed first.
 */
public abstract class ReconcileMergeBehaviour extends SourceScenarios {
    protected static final String MERGED = "compared them by a merge of the rowid order";
    protected static final String TABLED = "compared them by a table of keys";
    protected static final String IN_BLOCKS = "compared them by a merge of ";

    protected ReconcileMergeBehaviour() {
        super("reconcile_merge_");
    }

    // --- helpers -------------------------------------------------------------------------------

    /**
     * Keys at both ends of the long range, around zero, a dense run of 600 and a few far apart: 624 in
     * all.
     */
    private static TreeSet<Long> edgeKeys() {
        TreeSet<Long> keys = new TreeSet<>(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE + 2,
                -4_000_000_000L, -1000L, -2L, -1L, 0L, 5_000L, 1L << 40, Long.MAX_VALUE - 2, Long.MAX_VALUE - 1,
                Long.MAX_VALUE));
        for (long id = 1; id <= 600; id++) {
            keys.add(id);
        }
        keys.add(1_000L);
        keys.add(70_000L);
        keys.add(70_002L);
        keys.add(1L << 33);
        keys.add(-(1L << 33));
        keys.add(4_000_000_000L);
        keys.add(Long.MAX_VALUE - 1000);
        keys.add(Long.MIN_VALUE + 1000);
        keys.add(-3L);
        keys.add(-600L);
        keys.add(602L);
        return keys;
    }

    /** Rows with these keys, each with its own watermark in 2024. */
    private void insert(Set<Long> keys, String day) {
        StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " (id, updated_at, name) VALUES ");
        int i = 0;
        for (long id : keys) {
            sql.append(i == 0 ? "" : ", ").append('(').append(id).append(", ")
                    .append(db.timestampLiteral(String.format("%s %02d:%02d:%02d", day, i / 3600, i / 60 % 60, i % 60)))
                    .append(", 'name ").append(id).append("')");
            i++;
        }
        db.execute(sql.toString());
    }

    private void createItems(Set<Long> keys) {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                + " NOT NULL, name VARCHAR(100))");
        insert(keys, "2024-01-02");
    }

    private void deleteAtSource(Set<Long> keys) {
        db.execute("DELETE FROM " + q(table) + " WHERE id IN ("
                + keys.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
    }

    /** A run that must succeed, with -vv for the debug line that says which way compared the keys. */
    protected CliRun runVerbose(Path config) {
        return runOk(config, "-vv");
    }

    private List<Long> replicaIds(String target) {
        return ReplicaReader.query(replicaPath(), "SELECT id FROM \"" + target + "\" ORDER BY id").stream()
                .map(r -> ((Number) r.get(0)).longValue()).toList();
    }

    protected Object deletedByLastReconcile(String target) {
        return ReplicaReader.single(replicaPath(), "SELECT last_reconcile_deleted FROM _replicate_watermarks WHERE target = '"
                + target + "'");
    }

    /** Keys from {@code first} to {@code last}, both included. */
    protected static TreeSet<Long> range(long first, long last) {
        TreeSet<Long> keys = new TreeSet<>();
        for (long id = first; ; id++) {
            keys.add(id);
            if (id == last) {
                return keys;
            }
        }
    }

    /**
     * The start of the debug line of a merge of blocks of these keys, as the source should list them:
     * the blocks' count and how many are full.
     */
    protected static String blocksOf(Set<Long> keys) {
        TreeMap<Long, Long> blocks = new TreeMap<>();
        for (long key : keys) {
            blocks.merge(key >> 6, 1L << (key & 63), (a, b) -> a | b);
        }
        long full = blocks.values().stream().filter(bits -> bits == -1L).count();
        return IN_BLOCKS + blocks.size() + (blocks.size() == 1 ? " block" : " blocks") + " of 64 keys (" + full + " full";
    }

    /**
     * {@code keys} synced, then {@code gone} deleted at the source and {@code unread} inserted there
     * with old watermarks (listed by the source, never read into the replica), the table analyzed (the
     * sources choose blocks by their statistics), and a reconcile: through blocks, exactly, with the
     * blocks the source's keys make; then one that finds nothing more.
     */
    private void blockScenario(TreeSet<Long> keys, Set<Long> gone, Set<Long> unread) {
        createItems(keys);
        Path config = config(tableBlock("\"pageSize\": 7, \"deletes\": {\"reconcile\": \"PT0S\", \"maxDeletePercent\":"
                + " 100}"));
        runVerbose(config);
        assertEquals(new ArrayList<>(keys), replicaIds(table));

        deleteAtSource(gone);
        if (!unread.isEmpty()) {
            insert(unread, "2023-06-01");
        }
        db.execute(db.analyze(table));
        TreeSet<Long> listed = new TreeSet<>(keys);
        listed.removeAll(gone);
        listed.addAll(unread);

        CliRun result = runVerbose(config);
        assertTrue(result.err.contains(blocksOf(listed)), result::toString);
        TreeSet<Long> expected = new TreeSet<>(keys);
        expected.removeAll(gone);
        assertEquals(new ArrayList<>(expected), replicaIds(table));
        assertEquals((long) gone.size(), deletedByLastReconcile(table));

        result = runVerbose(config);
        assertTrue(result.err.contains(blocksOf(listed)), result::toString);
        assertEquals(new ArrayList<>(expected), replicaIds(table));
        assertEquals(0L, deletedByLastReconcile(table));
    }

    /**
     * The edge keys synced, then, at the source, deletes at both ends and around zero, a run of 300
     * (longer than the merge's groups of 256 gone keys, across many chunks of 7 keys and batches of 7
     * deletes) and keys beside gaps; and rows inserted with old watermarks, which the incremental read
     * never sees, so that the source lists keys the replica lacks (below the replica's first key and
     * between its keys). The reconcile deletes exactly the gone keys, through the merge.
     */
    private void edgeScenario(Runnable between) {
        TreeSet<Long> keys = edgeKeys();
        createItems(keys);
        Path config = config(tableBlock("\"pageSize\": 7, \"deletes\": {\"reconcile\": \"PT0S\", \"maxDeletePercent\": 100}"));
        runVerbose(config);
        assertEquals(new ArrayList<>(keys), replicaIds(table));

        TreeSet<Long> gone = new TreeSet<>(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 2, -2L, 0L, 1L, 5_000L,
                70_000L, 1L << 40, Long.MAX_VALUE - 1, Long.MAX_VALUE));
        for (long id = 150; id < 450; id++) {
            gone.add(id);
        }
        deleteAtSource(gone);
        // Never read by replicate (their watermark is below the one it holds): listed, but not in the replica.
        insert(new TreeSet<>(List.of(Long.MIN_VALUE + 500, -7L, 70_001L, Long.MAX_VALUE - 500)), "2023-06-01");
        between.run();

        CliRun result = runVerbose(config);
        assertTrue(result.err.contains(MERGED), result::toString);
        TreeSet<Long> expected = new TreeSet<>(keys);
        expected.removeAll(gone);
        assertEquals(new ArrayList<>(expected), replicaIds(table));
        assertEquals((long) gone.size(), deletedByLastReconcile(table));

        // Nothing more gone: the next reconcile deletes nothing.
        runVerbose(config);
        assertEquals(new ArrayList<>(expected), replicaIds(table));
        assertEquals(0L, deletedByLastReconcile(table));
    }

    // --- scenarios -----------------------------------------------------------------------------

    @Test
    void integerKeysAreMergedExactlyAtTheEdgesOfTheirRange() {
        edgeScenario(() -> { });
    }

    /**
     * Keys 0 to 1,299 with gaps (the block 192-255 missing whole, and 700-830 across blocks), the first
     * sync, then at the source: deletes at every kind of block edge (0, 63, 64, 127, 128, 191, the first
     * and last key after a gap), the block 320-383 whole (so that it is absent from the listing), a run
     * of 300 (more than the merge's groups of 256 gone keys, across batches of 7 deletes), keys beside
     * runs of full blocks, and the last key; and keys inserted with old watermarks in the gaps and past
     * the end, which the source lists and the replica never read. Through blocks, exactly.
     */
    @Test
    void denseKeysAreMergedInBlocksExactlyAtTheirEdges() {
        TreeSet<Long> keys = range(0, 1299);
        keys.removeAll(range(192, 255));
        keys.removeAll(range(700, 830));
        TreeSet<Long> gone = new TreeSet<>(List.of(0L, 63L, 64L, 127L, 128L, 191L, 256L, 319L, 699L, 831L, 1000L,
                1023L, 1024L, 1299L));
        gone.addAll(range(320, 383));
        gone.addAll(range(384 + 3, 384 + 302));
        blockScenario(keys, gone, new TreeSet<>(List.of(192L, 255L, 700L, 777L, 1300L, 1301L, 1400L)));
    }

    /** Negative keys around zero: the blocks -2 and -1 hold -128 to -1, and -1 and 0 are in two blocks. */
    @Test
    void negativeKeysAreMergedInBlocks() {
        blockScenario(range(-700, 700), new TreeSet<>(List.of(-700L, -129L, -128L, -65L, -64L, -63L, -1L, 0L, 1L,
                63L, 64L, 700L)), new TreeSet<>(List.of(-701L, 701L)));
    }

    /** The lowest keys of the long range: the first block, whose number is Long.MIN_VALUE >> 6. */
    @Test
    void theLowestKeysAreMergedInBlocks() {
        blockScenario(range(Long.MIN_VALUE, Long.MIN_VALUE + 699), new TreeSet<>(List.of(Long.MIN_VALUE,
                Long.MIN_VALUE + 63, Long.MIN_VALUE + 64, Long.MIN_VALUE + 699)), Set.of());
    }

    /** The lowest block full: the first of the blocks, numbered Long.MIN_VALUE >> 6, needs no key gone. */
    @Test
    void theLowestBlockFullIsMergedInBlocks() {
        blockScenario(range(Long.MIN_VALUE, Long.MIN_VALUE + 699), new TreeSet<>(List.of(Long.MIN_VALUE + 64,
                Long.MIN_VALUE + 699)), Set.of());
    }

    /**
     * The highest keys of the long range: the last block ends at Long.MAX_VALUE (bit 63 of the highest
     * key is the sign bit of its block's bits), with nothing after it.
     */
    @Test
    void theHighestKeysAreMergedInBlocks() {
        blockScenario(range(Long.MAX_VALUE - 699, Long.MAX_VALUE), new TreeSet<>(List.of(Long.MAX_VALUE - 699,
                Long.MAX_VALUE - 64, Long.MAX_VALUE - 63, Long.MAX_VALUE - 1, Long.MAX_VALUE)), Set.of());
    }

    /** The replica's rows after the source's last block are gone: a tail the merge finds after the blocks. */
    @Test
    void aReplicaTailPastTheSourcesLastBlockIsGone() {
        blockScenario(range(0, 999), range(500, 999), Set.of());
    }

    /**
     * A "where" applies to the blocks: rows that leave it are deleted with the rows gone, and the blocks
     * are those of the keys it holds for.
     */
    @Test
    void aWhereAppliesToTheBlocks() {
        TreeSet<Long> keys = range(1, 1000);
        createItems(keys);
        Path config = config(tableBlock("\"where\": \"name <> 'hidden'\", \"pageSize\": 50, \"deletes\":"
                + " {\"reconcile\": \"PT0S\"}"));
        runVerbose(config);
        db.execute("UPDATE " + q(table) + " SET name = 'hidden' WHERE id IN (64, 500, 501, 1000)");
        deleteAtSource(Set.of(1L, 128L, 999L));
        db.execute(db.analyze(table));
        CliRun result = runVerbose(config);
        TreeSet<Long> expected = new TreeSet<>(keys);
        expected.removeAll(List.of(64L, 500L, 501L, 1000L, 1L, 128L, 999L));
        assertTrue(result.err.contains(blocksOf(expected)), result::toString);
        assertEquals(new ArrayList<>(expected), replicaIds(table));
        assertEquals(7L, deletedByLastReconcile(table));
    }

    /**
     * The guard with blocks, which do not read the rows of full blocks: the rows the table holds are
     * counted when the bounds leave it undecided, so that 4 whole blocks gone of 20 (20%) pass a
     * maxDeletePercent of 20, and 5 (25%) trip it, with the exact count in the message.
     */
    @Test
    void theGuardCountsTheRowsWhenBlocksLeaveItUndecided() {
        TreeSet<Long> keys = range(0, 1279);
        createItems(keys);
        Path config = config(tableBlock("\"pageSize\": 100, \"deletes\": {\"reconcile\": \"PT0S\","
                + " \"maxDeletePercent\": 20}"));
        runVerbose(config);
        db.execute("DELETE FROM " + q(table) + " WHERE id >= 256 AND id < 512");
        db.execute(db.analyze(table));
        CliRun result = runVerbose(config);
        assertTrue(result.err.contains(IN_BLOCKS + "16 blocks"), result::toString);
        assertEquals(1024, replicaIds(table).size());

        db.execute("DELETE FROM " + q(table) + " WHERE id < 256 OR id >= 1216");
        db.execute(db.analyze(table));
        CliRun refused = run(config, "-vv");
        assertEquals(1, refused.status, refused::toString);
        assertTrue(refused.err.contains(IN_BLOCKS + "11 blocks"), refused::toString);
        assertTrue(refused.err.contains("reconcile would delete 320 of the 1024 rows of " + table + " (31.3%), more than"
                + " $[0].tables[0].deletes.maxDeletePercent (20%) allows; nothing was deleted. The source listed 704"
                + " keys"), refused.err);
        assertEquals(1024, replicaIds(table).size());
    }

    /**
     * {@code -Dreplicate.reconcile.blocks=false} (a switch the README names) lists the keys of a table
     * that would go through blocks one by one, into the merge of the rowid order: the fallback, exact too.
     */
    @Test
    void theSwitchListsDenseKeysOneByOne() {
        TreeSet<Long> keys = range(0, 700);
        createItems(keys);
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT0S\"}"));
        runVerbose(config);
        deleteAtSource(Set.of(0L, 63L, 64L, 700L));
        db.execute(db.analyze(table));
        try (RunPaths.Switched ignored = RunPaths.RECONCILE_KEY_BY_KEY.apply()) {
            CliRun result = runVerbose(config);
            assertTrue(result.err.contains(MERGED), result::toString);
        }
        keys.removeAll(List.of(0L, 63L, 64L, 700L));
        assertEquals(new ArrayList<>(keys), replicaIds(table));
        assertEquals(4L, deletedByLastReconcile(table));
    }

    /**
     * The same through PostgreSQL's fetch-size cursor ({@code -Dreplicate.postgres.copy=false}), the
     * fallback of its COPY key scan (on MySQL, the same path twice).
     */
    @Test
    void integerKeysAreMergedExactlyThroughTheCursorFallbackToo() {
        try (RunPaths.Switched ignored = RunPaths.POSTGRES_FETCH_SIZE.apply()) {
            edgeScenario(() -> { });
        }
    }

    /**
     * Every row gone after the replica's last key the source still lists: the merge reaches the end of
     * the source's keys with the replica's tail left, all of which is gone. Keys listed one by one
     * (the switch): these would fill their blocks.
     */
    @Test
    void aReplicaTailPastTheSourcesLastKeyIsGone() {
        try (RunPaths.Switched ignored = RunPaths.RECONCILE_KEY_BY_KEY.apply()) {
            replicaTailScenario();
        }
    }

    private void replicaTailScenario() {
        TreeSet<Long> keys = new TreeSet<>();
        for (long id = -20; id <= 20; id++) {
            keys.add(id);
        }
        createItems(keys);
        Path config = config(tableBlock("\"pageSize\": 4, \"deletes\": {\"reconcile\": \"PT0S\", \"maxDeletePercent\": 60}"));
        runVerbose(config);
        db.execute("DELETE FROM " + q(table) + " WHERE id > -3");
        CliRun result = runVerbose(config);
        assertTrue(result.err.contains(MERGED), result::toString);
        assertEquals(List.of(-20L, -19L, -18L, -17L, -16L, -15L, -14L, -13L, -12L, -11L, -10L, -9L, -8L, -7L, -6L, -5L,
                -4L, -3L), replicaIds(table));
        assertEquals(23L, deletedByLastReconcile(table));
    }

    /**
     * A "query" entry with a "where": the key scan reads the query as a derived table under the
     * filter, and the merge deletes the rows gone from the query's result and those the filter no
     * longer holds for.
     */
    @Test
    void aQueryEntryWithAWhereIsMerged() {
        TreeSet<Long> keys = new TreeSet<>();
        for (long id = 1; id <= 40; id++) {
            keys.add(id);
        }
        createItems(keys);
        String target = table + "_q";
        Path config = config("{\"query\": \"SELECT id, updated_at, name FROM " + q(table).replace("\"", "\\\"")
                + " WHERE id <> 13\", \"target\": \"" + target + "\", \"primaryKey\": \"id\", \"watermark\":"
                + " \"updated_at\", \"where\": \"name <> 'hidden'\", \"pageSize\": 5, \"deletes\": {\"reconcile\":"
                + " \"PT0S\"}}");
        runVerbose(config);
        assertEquals(39, replicaIds(target).size());
        deleteAtSource(Set.of(1L, 20L, 40L));
        db.execute("UPDATE " + q(table) + " SET name = 'hidden' WHERE id IN (2, 39)");
        CliRun result = runVerbose(config);
        assertTrue(result.err.contains(MERGED), result::toString);
        List<Long> expected = new ArrayList<>(keys);
        expected.removeAll(List.of(1L, 2L, 13L, 20L, 39L, 40L));
        assertEquals(expected, replicaIds(target));
        assertEquals(5L, deletedByLastReconcile(target));
    }

    /**
     * A text key, and an integer key of two columns, take the table of keys (a merge would meet the
     * servers' collations); they are exact there (see ReconcileBehaviour for the collations themselves).
     */
    @Test
    void otherKeysTakeTheTableOfKeys() {
        db.execute("CREATE TABLE " + q(table) + " (code VARCHAR(20) NOT NULL PRIMARY KEY, updated_at "
                + db.timestampType() + " NOT NULL)");
        db.execute("INSERT INTO " + q(table) + " (code, updated_at) VALUES ('10', " + db.timestampLiteral("2024-01-01 00:00:01")
                + "), ('9', " + db.timestampLiteral("2024-01-01 00:00:02") + "), ('a', "
                + db.timestampLiteral("2024-01-01 00:00:03") + ")");
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT0S\"}"));
        runVerbose(config);
        db.execute("DELETE FROM " + q(table) + " WHERE code = '9'");
        CliRun result = runVerbose(config);
        assertTrue(result.err.contains(TABLED), result::toString);
        assertEquals(List.of("10", "a"), ReplicaReader.query(replicaPath(), "SELECT code FROM \"" + table + "\" ORDER BY code")
                .stream().map(r -> (String) r.get(0)).toList());

        String pairs = table + "_pairs";
        db.execute("CREATE TABLE " + q(pairs) + " (a BIGINT NOT NULL, b BIGINT NOT NULL, updated_at "
                + db.timestampType() + " NOT NULL, PRIMARY KEY (a, b))");
        db.execute("INSERT INTO " + q(pairs) + " (a, b, updated_at) VALUES (1, 1, " + db.timestampLiteral("2024-01-01 00:00:01")
                + "), (1, 2, " + db.timestampLiteral("2024-01-01 00:00:02") + "), (2, 1, "
                + db.timestampLiteral("2024-01-01 00:00:03") + ")");
        Path pairsConfig = config("{\"name\": \"" + pairs + "\", \"watermark\": \"updated_at\", \"deletes\":"
                + " {\"reconcile\": \"PT0S\"}}");
        runVerbose(pairsConfig);
        db.execute("DELETE FROM " + q(pairs) + " WHERE a = 1 AND b = 2");
        result = runVerbose(pairsConfig);
        assertTrue(result.err.contains(TABLED), result::toString);
        assertEquals(List.of("1:1", "2:1"), ReplicaReader.query(replicaPath(), "SELECT a || ':' || b FROM \"" + pairs
                + "\" ORDER BY a, b").stream().map(r -> (String) r.get(0)).toList());
    }
}
