package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.config.Reconcile;
import dev.replicate.config.TableConfig;
import dev.replicate.source.KeyBlocks;
import dev.replicate.source.ReadRequest;
import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.TargetTable;
import dev.replicate.sqlite.WriteSettings;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reconcile against sources that list an integer key otherwise than the built-in ones do (what a
 * plug-in source may do: {@code Source#readKeys} promises any order): the merge
 * ({@code IntegerKeyMerge}) takes keys in ascending order only, so a key out of order sends the
 * reconcile back to the table of keys, which lists them again and deletes exactly the
 * rows gone. Likewise for key blocks ({@code Source#readKeyBlocks}, {@code KeyBlockMerge}): a block
 * that comes twice in a row is the union of its bits, and a block out of order (or out of the range
 * of blocks) sends the reconcile to the keys listed one by one. The source here is a plain list; the
 * replica is a real SQLite file with rows 1..50, of which the source still has the odd ones.
 */
class ReconcileKeyOrderTest {
    @TempDir
    Path dir;

    private static final SourceColumn ID = new SourceColumn("id", "bigint", SqliteType.INTEGER,
            Optional.of(WatermarkKind.INTEGER));
    private static final SourceColumn WM = new SourceColumn("wm", "bigint", SqliteType.INTEGER,
            Optional.of(WatermarkKind.INTEGER));
    private static final TableSchema SCHEMA = new TableSchema(TableName.parse("t"), List.of(ID, WM), List.of("id"));
    private static final List<Long> ODD = LongStream.rangeClosed(1, 50).filter(id -> id % 2 == 1).boxed().toList();

    @Test
    void keysInAscendingOrderAreMergedInOneListingEvenWhenOneComesTwice() throws Exception {
        List<Object> keys = new ArrayList<>(ODD);
        keys.add(10, keys.get(9));
        assertEquals(1, reconcile(keys));
        assertEquals(ODD, replicaIds());
    }

    @Test
    void keysInDescendingOrderAreListedAgainIntoATableOfKeys() throws Exception {
        List<Object> keys = new ArrayList<>(ODD);
        Collections.reverse(keys);
        assertEquals(2, reconcile(keys));
        assertEquals(ODD, replicaIds());
    }

    @Test
    void aKeyOutOfOrderHalfWaySendsTheReconcileToATableOfKeys() throws Exception {
        List<Object> keys = new ArrayList<>(ODD);
        Collections.swap(keys, 12, 13);
        assertEquals(2, reconcile(keys));
        assertEquals(ODD, replicaIds());
    }

    /** The odd keys of 1..50 as bits of block 0, those below {@code split} and the rest. */
    private static long[] oddBits(int split) {
        long low = 0;
        long high = 0;
        for (long id : ODD) {
            if (id < split) {
                low |= 1L << id;
            } else {
                high |= 1L << id;
            }
        }
        return new long[] {low, high};
    }

    @Test
    void blocksInOrderAreMergedWithoutAListingOfKeysEvenWhenABlockComesTwice() throws Exception {
        long[] bits = oddBits(26);
        BlockListSource source = new BlockListSource(ODD, List.of(new long[] {-5, 0}, new long[] {0, bits[0]},
                new long[] {0, bits[1]}, new long[] {1, 0}));
        reconcile(source);
        assertEquals(ODD, replicaIds());
        assertEquals(0, source.listings);
        assertEquals(1, source.blockListings);
    }

    /** A row for a run of blocks (0 to 3) whose first block came just before: block 0 joins both rows' bits. */
    @Test
    void aRunOfBlocksJoinsTheBlockBeforeIt() throws Exception {
        long[] bits = oddBits(26);
        BlockListSource source = new BlockListSource(ODD, List.of(new long[] {-9, -4, -1L}, new long[] {0, bits[0]},
                new long[] {0, 3, bits[1]}));
        reconcile(source);
        assertEquals(ODD, replicaIds());
        assertEquals(0, source.listings);
    }

    @Test
    void aRunThatEndsBeforeItStartsSendsTheReconcileToTheKeysOneByOne() throws Exception {
        BlockListSource source = new BlockListSource(ODD, List.of(new long[] {1, 0, -1L}));
        reconcile(source);
        assertEquals(ODD, replicaIds());
        assertEquals(1, source.listings);
    }

    @Test
    void aBlockOutOfOrderSendsTheReconcileToTheKeysOneByOne() throws Exception {
        long[] bits = oddBits(26);
        BlockListSource source = new BlockListSource(ODD, List.of(new long[] {0, bits[0]},
                new long[] {-1, bits[1]}));
        reconcile(source);
        assertEquals(ODD, replicaIds());
        assertEquals(1, source.listings);
        assertEquals(1, source.blockListings);
    }

    @Test
    void aBlockOutOfTheRangeOfBlocksSendsTheReconcileToTheKeysOneByOne() throws Exception {
        long[] bits = oddBits(64);
        BlockListSource source = new BlockListSource(ODD, List.of(new long[] {0, bits[0]},
                new long[] {Long.MAX_VALUE >> 5, 1}));
        reconcile(source);
        assertEquals(ODD, replicaIds());
        assertEquals(1, source.listings);
    }

    private List<Long> replicaIds() {
        return ReplicaReader.query(dir.resolve("r.db"), "SELECT id FROM t ORDER BY id").stream()
                .map(r -> (Long) r.get(0)).toList();
    }

    /** Reconciles rows 1..50 against the source listing {@code keys}; how many times it was asked to list them. */
    private int reconcile(List<Object> keys) throws Exception {
        ListSource source = new ListSource(keys);
        reconcile(source);
        return source.listings;
    }

    private void reconcile(ListSource source) throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("r.db"))) {
            TargetTable.prepare(replica, "t", SCHEMA.columns(), List.of("id"));
            try (java.sql.Statement statement = replica.connection().createStatement()) {
                statement.execute("WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 50)"
                        + " INSERT INTO t (id, wm) SELECT v, v * 10 FROM n");
            }
            replica.commit();
            TableConfig config = new TableConfig(SCHEMA.name(), Optional.of("wm"), Optional.empty(), "t", 60, 4,
                    Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of(), Optional.empty(),
                    Optional.empty(), Optional.of(new Reconcile(Duration.ZERO, Reconcile.DEFAULT_MAX_DELETE_PERCENT)),
                    "$[0].tables[0]");
            TablePlan plan = new TablePlan(SCHEMA, WM, WatermarkKind.INTEGER, List.of("id"), SCHEMA.columns(), List.of(),
                    Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of());
            new Reconciler(config, new TableId("src", "t", "t"), replica, new TableBooks("t"), Instant.EPOCH,
                    WriteSettings.DEFAULT).runIfDue(source, plan, false);
        }
    }

    /**
     * Lists the given keys, in the given order, as often as asked. It does not implement
     * {@code Source#readKeyBlocks}: a plug-in source written before blocks, which gets the keys listed
     * one by one.
     */
    private static class ListSource implements Source {
        private final List<?> keys;
        int listings;
        int blockListings;

        ListSource(List<?> keys) {
            this.keys = keys;
        }

        @Override
        public RowStream readKeys(TableSchema table, List<SourceColumn> key, Optional<String> where, int fetchSize) {
            listings++;
            Iterator<?> iterator = keys.iterator();
            return new RowStream() {
                private Object current;

                @Override
                public boolean next() {
                    current = iterator.hasNext() ? iterator.next() : null;
                    return current != null;
                }

                @Override
                public Object[] values() {
                    return new Object[] {current};
                }

                @Override
                public Object position() {
                    throw new UnsupportedOperationException("a key scan has no position");
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public TableSchema reflect(TableName table) {
            return SCHEMA;
        }

        @Override
        public RowStream read(ReadRequest request) {
            throw new UnsupportedOperationException("a reconcile reads keys only");
        }

        @Override
        public long countNullWatermarks(TableSchema table, SourceColumn watermark) {
            return 0;
        }

        @Override
        public Optional<Object> newestWatermark(TableSchema table, SourceColumn watermark) {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    /** A {@link ListSource} that lists the given blocks too, each {block, bits} or {first block, last block, bits}. */
    private static final class BlockListSource extends ListSource {
        private final List<long[]> blocks;

        BlockListSource(List<?> keys, List<long[]> blocks) {
            super(keys);
            this.blocks = blocks;
        }

        @Override
        public Optional<KeyBlocks> readKeyBlocks(TableSchema table, SourceColumn key, Optional<String> where,
                                                 int fetchSize) {
            blockListings++;
            Iterator<long[]> iterator = blocks.iterator();
            return Optional.of(new KeyBlocks() {
                private long[] current;

                @Override
                public boolean next() {
                    current = iterator.hasNext() ? iterator.next() : null;
                    return current != null;
                }

                @Override
                public long block() {
                    return current[0];
                }

                @Override
                public long lastBlock() {
                    return current.length == 3 ? current[1] : current[0];
                }

                @Override
                public long bits() {
                    return current[current.length - 1];
                }

                @Override
                public void close() {
                }
            });
        }
    }
}
