package dev.replicate.source.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.source.Source;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.testing.PostgresTestDatabase;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The PostgreSQL source against a real server: what reflection tells the rest of a run. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSourceTest {
    private PostgresTestDatabase db;

    @BeforeAll
    void createDatabase() {
        db = new PostgresTestDatabase();
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private Source open() throws Exception {
        return new PostgresConnector().open(new SourceSettings(db.conn(), Optional.empty(), Optional.empty(), Map.of()));
    }

    /**
     * A NOT NULL watermark is not counted: the count is answered from reflection, which every run does
     * afresh. Shown by changing the column behind a schema reflected before: the stale schema still
     * says NOT NULL (no query), a fresh one counts the NULL.
     */
    @Test
    void nullWatermarksAreCountedOnlyForNullableColumns() throws Exception {
        db.execute("CREATE TABLE strict (id bigint PRIMARY KEY, at timestamptz NOT NULL, other timestamptz)",
                "INSERT INTO strict VALUES (1, now(), NULL), (2, now(), now())");
        try (Source source = open()) {
            TableSchema before = source.reflect(TableName.parse("strict"));
            assertEquals(0, source.countNullWatermarks(before, before.column("at").orElseThrow()));
            assertEquals(1, source.countNullWatermarks(before, before.column("other").orElseThrow()));

            db.execute("ALTER TABLE strict ALTER COLUMN at DROP NOT NULL", "INSERT INTO strict VALUES (3, NULL, now())");
            assertEquals(0, source.countNullWatermarks(before, before.column("at").orElseThrow()),
                    "a column reflected as NOT NULL is not asked");
            TableSchema after = source.reflect(TableName.parse("strict"));
            assertEquals(1, source.countNullWatermarks(after, after.column("at").orElseThrow()));
        }
    }
}
