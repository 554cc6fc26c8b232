package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.source.ReadRequest;
import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.SqliteType;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.SnapshotProgress;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.TableState;
import dev.replicate.sqlite.TargetTable;
import dev.replicate.sqlite.WriteSettings;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first sync in key order (FirstSync) against sources that break its assumptions: a
 * source whose key order repeats a key, and progress stored for rows the SQLite table no longer
 * holds. The source here is a plain list (what a plugin source could be); the replica is a real
 * SQLite file. Rows have keys 1..10 and watermarks 10 x key.
 */
class SnapshotSafeguardsTest {
    @TempDir
    Path dir;

    private static final TableName TABLE = TableName.parse("t");
    private static final SourceColumn ID = new SourceColumn("id", "bigint", SqliteType.INTEGER,
            Optional.of(WatermarkKind.INTEGER));
    private static final SourceColumn WM = new SourceColumn("wm", "bigint", SqliteType.INTEGER,
            Optional.of(WatermarkKind.INTEGER));
    private static final TableSchema SCHEMA = new TableSchema(TABLE, List.of(ID, WM), List.of("id"));

    @Test
    void aKeyThatComesTwiceInKeyOrderSendsTheFirstSyncOnInWatermarkOrder() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("r.db"))) {
            TableSync sync = sync(replica, Optional.empty());
            sync.run(new ListSource(true));
            replica.commit();
            assertEquals(10L, ReplicaReader.count(dir.resolve("r.db"), "t"));
            assertTrue(sync.notes().stream().anyMatch(n -> n.contains("returned id 1 after 1")
                    && n.contains("went on in watermark order")), sync.notes().toString());
            TableState state = new StateStore(replica).all().get(0);
            assertEquals(Optional.of("100"), state.lastValue());
            assertEquals(Optional.empty(), state.snapshot());
        }
    }

    @Test
    void progressForRowsTheTableNoLongerHoldsIsNotResumed() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("r.db"))) {
            // A snapshot got past key 5, then the table's rows went (DELETE FROM t, say).
            TableSync sync = runAfter(replica, "wm", new SnapshotProgress("id", "INTEGER", "5", "100"));
            assertEquals(10L, ReplicaReader.count(dir.resolve("r.db"), "t"), "every row, not only those after key 5");
            assertTrue(sync.notes().stream().anyMatch(n -> n.contains("started over")), sync.notes().toString());
        }
    }

    @Test
    void progressOfAKeyOfAnotherTypeIsNotResumed() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("r.db"))) {
            // The key was text when the snapshot stopped; it is an integer now, so the stored key means
            // nothing in the new order (and is no integer at all).
            runAfter(replica, "wm", new SnapshotProgress("id", "TEXT", "k-5", "100"));
            assertEquals(10L, ReplicaReader.count(dir.resolve("r.db"), "t"));
            assertEquals(Optional.of("100"), new StateStore(replica).all().get(0).lastValue());
        }
    }

    @Test
    void aWatermarkColumnChangedDuringASnapshotFailsTheTableWithTheResetHint() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("r.db"))) {
            // The boundary was taken from another column: as for a cursor, refuse rather than mix them.
            TableFailure failure = assertThrows(TableFailure.class,
                    () -> runAfter(replica, "old_wm", new SnapshotProgress("id", "INTEGER", "5", "100")));
            assertTrue(failure.getMessage().contains("the watermark column changed from old_wm to wm")
                    && failure.getMessage().contains("replicate reset t"), failure.getMessage());
        }
    }

    /**
     * Runs the first sync after a snapshot that stored {@code progress} (for the watermark column
     * {@code watermarkColumn}) into a target that holds no rows.
     */
    private static TableSync runAfter(Replica replica, String watermarkColumn, SnapshotProgress progress)
            throws Exception {
        TargetTable.prepare(replica, "t", SCHEMA.columns(), List.of("id"));
        new StateStore(replica).snapshotProgress(new TableId("src", "t", "t"), watermarkColumn, "INTEGER", progress, Instant.EPOCH);
        replica.commit();
        TableState stored = new StateStore(replica).all().get(0);
        TableSync sync = sync(replica, Optional.of(stored));
        sync.run(new ListSource(false));
        replica.commit();
        return sync;
    }

    private static TableSync sync(Replica replica, Optional<TableState> previous) {
        TableConfig table = new TableConfig(TABLE, "wm", Optional.empty(), "t", 60, 3, Optional.empty(), "$[0].tables[0]");
        SourceConfig source = new SourceConfig("list", "src", new SourceSettings("list:", Optional.empty(),
                Optional.empty(), Map.of()), 60, 3, List.of(table), "$[0]");
        return new TableSync(source, table, previous, replica, RunListener.NONE, Instant.EPOCH, WriteSettings.DEFAULT);
    }

    /** Rows 1..10 with watermark 10 x key, read as asked; optionally repeating the first key in key order. */
    private static final class ListSource implements Source {
        private final boolean repeatAKey;

        ListSource(boolean repeatAKey) {
            this.repeatAKey = repeatAKey;
        }

        @Override
        public TableSchema reflect(TableName table) {
            return SCHEMA;
        }

        @Override
        public boolean readsInKeyOrder(TableSchema table, SourceColumn key) {
            return true;
        }

        @Override
        public RowStream read(ReadRequest request) {
            boolean byKey = request.order().name().equals("id");
            List<long[]> rows = LongStream.rangeClosed(1, 10).mapToObj(id -> new long[] {id, id * 10})
                    .filter(row -> request.watermarkBelow().map(below -> row[1] < (Long) below).orElse(true))
                    .filter(row -> request.from().map(from -> byKey ? row[0] > (Long) from : row[1] >= (Long) from)
                            .orElse(true))
                    .sorted(Comparator.comparingLong(row -> byKey ? row[0] : row[1]))
                    .collect(Collectors.toList());
            if (byKey && repeatAKey && !rows.isEmpty()) {
                rows.add(1, rows.get(0));
            }
            Iterator<long[]> iterator = rows.iterator();
            return new RowStream() {
                private long[] row;

                @Override
                public boolean next() {
                    row = iterator.hasNext() ? iterator.next() : null;
                    return row != null;
                }

                @Override
                public Object[] values() {
                    return new Object[] {row[0], row[1]};
                }

                @Override
                public Object position() {
                    return byKey ? row[0] : row[1];
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public long countNullWatermarks(TableSchema table, SourceColumn watermark) {
            return 0;
        }

        @Override
        public Optional<Object> newestWatermark(TableSchema table, SourceColumn watermark) {
            return Optional.of(100L);
        }

        @Override
        public void close() {
        }
    }
}
