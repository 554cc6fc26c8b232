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
 * A run reflects a source's due tables together ({@link Source#reflect(List)}, {@link SchemaBatch}):
 * each table's schema is the one it would get alone, a table the batch cannot answer for is
 * reflected alone (and fails with its own reason), and a schema older than {@link SchemaBatch#FRESH}
 * is reflected again.
 */
public abstract class ReflectionBatchBehaviour extends SourceScenarios {
    protected ReflectionBatchBehaviour() {
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
     * A table's schema comes from the batch while the batch is fresh; once older than
     * {@link SchemaBatch#FRESH} (a long pass of another table in between), the table is reflected
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
            SchemaBatch batch = new SchemaBatch(source, tables, clock);
            assertEquals(2, batch.take(tables.get(0)).orElseThrow().columns().size());
            db.execute("ALTER TABLE " + q(second) + " ADD COLUMN added INTEGER");
            clock.now = clock.now.plus(SchemaBatch.FRESH);
            assertEquals(List.of("id", "updated_at"), names(batch.take(tables.get(1)).orElseThrow()),
                    "reflected with the first table, and still fresh");
            clock.now = clock.now.plusMillis(1);
            assertEquals(List.of("id", "updated_at", "added"), names(batch.take(tables.get(1)).orElseThrow()),
                    "stale: reflected again");
            assertFalse(SchemaBatch.NONE.take(tables.get(0)).isPresent(), "no batch: each table alone");
        }
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
