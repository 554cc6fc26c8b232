package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.config.ConfigLoader;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceRegistry;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.UnreadableWatermarks;
import dev.replicate.source.WatermarkCount;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A run asks a source about its due tables together ({@link TableBatch}): their schemas
 * ({@link Source#reflect(List)}) and their unreadable watermarks
 * ({@link Source#countUnreadableWatermarks(List)}). Each table gets what it would get alone; a table
 * the batch cannot answer for is asked alone (and fails with its own reason), and an answer older than
 * {@link TableBatch#FRESH} is asked again.
 */
public abstract class TableBatchBehaviour extends SourceScenarios {
    protected TableBatchBehaviour() {
        super("rb_");
    }

    private Source open() throws Exception {
        return SourceRegistry.discover().find(db.sourceType()).orElseThrow()
                .open(new SourceSettings(db.conn(), Optional.empty(), Optional.empty(), Map.of()));
    }

    /**
     * Tables of several shapes (a key of two columns in another order than the columns', a json
     * column, which MariaDB makes a checked longtext, no key at all) come out of a batch exactly as
     * reflected alone; a table that does not exist, and a name in another case than the table's, are
     * left out, for the table's own reflection to say what is wrong (or, on a server that ignores case,
     * to find the table).
     */
    @Test
    void aBatchGivesEachTableItsOwnSchemaAndLeavesOutWhatItCannotName() throws Exception {
        String keyed = table + "_keyed";
        String plain = table + "_plain";
        db.execute("CREATE TABLE " + q(keyed) + " (id BIGINT NOT NULL, updated_at " + db.timestampType()
                + " NOT NULL, name VARCHAR(20) NOT NULL, doc JSON, note TEXT, PRIMARY KEY (name, id))");
        db.execute("CREATE TABLE " + q(plain) + " (n INTEGER, at " + db.timestampType() + ", data " + db.bytesType() + ")");
        List<TableName> names = List.of(TableName.parse(keyed), TableName.parse(plain),
                TableName.parse(table + "_missing"), TableName.parse(keyed.toUpperCase(Locale.ROOT)));
        try (Source source = open()) {
            Map<TableName, TableSchema> batch = source.reflect(names);
            assertEquals(source.reflect(names.get(0)), batch.get(names.get(0)));
            assertEquals(List.of("name", "id"), batch.get(names.get(0)).primaryKey());
            assertEquals(source.reflect(names.get(1)), batch.get(names.get(1)));
            assertEquals(List.of(), batch.get(names.get(1)).primaryKey());
            assertEquals(2, batch.size(), batch.keySet().toString());
        }
    }

    /**
     * A run of several tables of one source, one of them missing: that one fails with the reason it
     * has when reflected alone, and the others are copied.
     */
    @Test
    void aMissingTableAmongManyFailsAloneWithItsReason() {
        List<String> names = List.of(table + "_a", table + "_gone", table + "_b");
        for (String name : List.of(names.get(0), names.get(2))) {
            db.execute("CREATE TABLE " + q(name) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType() + ")",
                    "INSERT INTO " + q(name) + " VALUES (1, " + db.timestampLiteral("2024-01-01 10:00:00") + ")");
        }
        Path config = config(names.stream().map(n -> "{\"name\": \"" + n + "\", \"watermark\": \"updated_at\"}")
                .toArray(String[]::new));
        CliRun result = run(config);
        assertEquals(1, result.status, result::toString);
        assertTrue(result.err.contains(names.get(1) + " does not exist at the source"), result.err);
        assertEquals(1L, ReplicaReader.count(replicaPath(), names.get(0)));
        assertEquals(1L, ReplicaReader.count(replicaPath(), names.get(2)));
    }

    /**
     * A name with more than one dot is split at the first (schema, then table): when no such table
     * exists, the message says how it was read, so that a user who meant database.schema.table or a
     * table whose own name holds a dot sees why it was not found.
     */
    @Test
    void aMissingTableWhoseNameHoldsTwoDotsSaysHowTheNameWasRead() {
        String name = table + "_nosuch.part.two";
        CliRun result = run(config("{\"name\": \"" + name + "\", \"watermark\": \"updated_at\"}"));
        assertEquals(1, result.status, result::toString);
        assertTrue(result.err.contains("table \"part.two\" in schema \"" + table + "_nosuch\""), result.err);
    }

    /**
     * A table's schema comes from the batch while the batch is fresh; once older than
     * {@link TableBatch#FRESH} (a long pass of another table in between), the table is reflected
     * again, with a column added since.
     */
    @Test
    void aSchemaOlderThanTheBatchsFreshnessIsReflectedAgain() throws Exception {
        String first = table + "_first";
        String second = table + "_second";
        for (String name : List.of(first, second)) {
            db.execute("CREATE TABLE " + q(name) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType() + ")");
        }
        ReplicationConfig config = new ConfigLoader(Map.of(), SourceRegistry.discover()).load("[" + db.sourceBlock(
                "{\"name\": \"" + first + "\", \"watermark\": \"updated_at\"}",
                "{\"name\": \"" + second + "\", \"watermark\": \"updated_at\"}") + "]", "test");
        List<TableConfig> tables = config.sources().get(0).tables();
        MovableClock clock = new MovableClock();
        try (Source source = open()) {
            TableBatch batch = new TableBatch(source, tables, clock);
            assertEquals(2, batch.take(tables.get(0)).orElseThrow().columns().size());
            db.execute("ALTER TABLE " + q(second) + " ADD COLUMN added INTEGER");
            clock.now = clock.now.plus(TableBatch.FRESH);
            assertEquals(List.of("id", "updated_at"), names(batch.take(tables.get(1)).orElseThrow()),
                    "reflected with the first table, and still fresh");
            clock.now = clock.now.plusMillis(1);
            assertEquals(List.of("id", "updated_at", "added"), names(batch.take(tables.get(1)).orElseThrow()),
                    "stale: reflected again");
            assertFalse(TableBatch.NONE.take(tables.get(0)).isPresent(), "no batch: each table alone");
        }
    }

    /**
     * The counts of many tables asked together are each table's own, a filter applied to its table's
     * count only. PostgreSQL answers them in one round trip; MySQL does not count together (each table
     * is asked on its pass, and a NOT NULL column is not asked at all).
     */
    @Test
    void countsAskedTogetherAreEachTablesOwn() throws Exception {
        List<String> names = List.of(table + "_a", table + "_b");
        for (String name : names) {
            db.execute("CREATE TABLE " + q(name) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType() + ")");
        }
        db.execute("INSERT INTO " + q(names.get(0)) + " VALUES (1, NULL), (2, NULL), (3, NULL), (4, "
                + db.timestampLiteral("2024-01-01 10:00:00") + ")");
        try (Source source = open()) {
            TableSchema a = source.reflect(TableName.parse(names.get(0)));
            TableSchema b = source.reflect(TableName.parse(names.get(1)));
            List<WatermarkCount> questions = List.of(
                    new WatermarkCount(a, a.column("updated_at").orElseThrow(), Optional.empty()),
                    new WatermarkCount(b, b.column("updated_at").orElseThrow(), Optional.empty()),
                    new WatermarkCount(a, a.column("updated_at").orElseThrow(), Optional.of("id > 1")));
            List<UnreadableWatermarks> alone = new java.util.ArrayList<>();
            for (WatermarkCount question : questions) {
                alone.add(source.countUnreadableWatermarks(question.table(), question.watermark(), question.where()));
            }
            assertEquals(List.of(3L, 0L, 2L), alone.stream().map(UnreadableWatermarks::nulls).toList());
            Optional<List<UnreadableWatermarks>> together = source.countUnreadableWatermarks(questions);
            assertEquals(db.sourceType().equals("postgres") ? Optional.of(alone) : Optional.empty(), together);
        }
    }

    /**
     * Through a run: each table's note counts its own NULL watermarks; a table whose filter does not run
     * at the server fails alone, naming its filter's JSON path, however the counts were asked (together
     * they fail as one, and each table is then counted alone).
     */
    @Test
    void aFilterThatFailsAmongManyFailsItsTableAloneAndTheOthersCountTheirOwn() {
        List<String> names = List.of(table + "_nulls", table + "_bad", table + "_none");
        for (String name : names) {
            db.execute("CREATE TABLE " + q(name) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType() + ")",
                    "INSERT INTO " + q(name) + " VALUES (1, " + db.timestampLiteral("2024-01-01 10:00:00") + ")");
        }
        db.execute("INSERT INTO " + q(names.get(0)) + " VALUES (2, NULL), (3, NULL)");
        Path good = config(names.stream().filter(n -> !n.endsWith("_bad"))
                .map(n -> "{\"name\": \"" + n + "\", \"watermark\": \"updated_at\"}").toArray(String[]::new));
        runOk(good);
        CliRun result = run(config(names.stream().map(n -> "{\"name\": \"" + n + "\", \"watermark\": \"updated_at\""
                + (n.endsWith("_bad") ? ", \"where\": \"no_such_column = 1\"" : "") + "}").toArray(String[]::new)));
        assertEquals(1, result.status, result::toString);
        assertTrue(result.err.contains("$[0].tables[1].where does not run on"), result.err);
        String nulls = "2 rows have NULL in the watermark column updated_at of " + qualified(names.get(0))
                + " and cannot be replicated; give them a value at the source, one at or after the table's cursor"
                + " (an older one leaves them behind it, never pulled)";
        assertEquals(List.of(List.of(names.get(1), 0L, ""), List.of(names.get(2), 1L, ""), List.of(names.get(2), 1L, ""),
                List.of(names.get(0), 1L, nulls), List.of(names.get(0), 1L, nulls)),
                ReplicaReader.query(replicaPath(), "SELECT target, ok, coalesce(notes, '') FROM _replicate_log ORDER BY target, id"));
    }

    /** The table as the source names it in messages. */
    private String qualified(String name) {
        return (db.sourceType().equals("postgres") ? "public." : db.databaseName() + ".") + name;
    }

    private static List<String> names(TableSchema schema) {
        return schema.columns().stream().map(SourceColumn::name).toList();
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
