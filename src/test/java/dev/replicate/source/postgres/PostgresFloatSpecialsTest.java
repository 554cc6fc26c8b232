package dev.replicate.source.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README's type mapping says of PostgreSQL's float NaN and infinities: SQLite has no NaN (it
 * would store a NaN bound to a statement as NULL, silently another value), so a NaN is stored as the
 * text NaN; the infinities are kept as REAL. Read through a first sync (COPY) and through an incremental
 * read (JDBC), the two paths a float takes.
 */
class PostgresFloatSpecialsTest {
    private static PostgresTestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTable() {
        db = new PostgresTestDatabase();
        db.execute("CREATE TABLE specials (id BIGINT PRIMARY KEY, updated_at BIGINT NOT NULL,"
                        + " d DOUBLE PRECISION, r REAL)",
                "INSERT INTO specials VALUES (1, 1, 'NaN', 'NaN'), (2, 1, 'Infinity', '-Infinity'), (3, 1, 1.5, 1.5)");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void nanIsStoredAsTheTextNanAndInfinitiesAsReal() throws Exception {
        Path config = dir.resolve("c.json");
        Files.writeString(config, "[" + db.sourceBlock("{\"name\": \"specials\", \"watermark\": \"updated_at\"}") + "]");
        Path replica = dir.resolve("r.db");
        CliRun first = CliRun.on(dir, "run", config, replica);
        assertEquals(0, first.status, first::toString);
        List<List<Object>> expected = List.of(Arrays.asList(1L, "NaN", "NaN", "text", "text"),
                Arrays.asList(2L, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, "real", "real"),
                Arrays.asList(3L, 1.5, 1.5, "real", "real"));
        String select = "SELECT id, d, r, typeof(d), typeof(r) FROM specials ORDER BY id";
        assertEquals(expected, ReplicaReader.query(replica, select), "first sync");

        db.execute("UPDATE specials SET updated_at = 2");
        CliRun next = CliRun.on(dir, "run", config, replica, "--force");
        assertEquals(0, next.status, next::toString);
        assertEquals(3L, ReplicaReader.single(replica, "SELECT last_rows_pulled FROM _replicate_watermarks"));
        assertEquals(expected, ReplicaReader.query(replica, select), "incremental read");
    }
}
