package dev.replicate.source.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.RunPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database (or a role) may set what a session prints and where it looks things up: the replica's values
 * must not follow, and verify must find them equal. Each test sets its settings on a scratch database of its
 * own (ALTER DATABASE ... SET), as a DBA would, and replicates through COPY and through the fetch-size cursor.
 */
@ParameterizedClass
@EnumSource(value = RunPaths.class, names = {"DEFAULT", "POSTGRES_FETCH_SIZE"})
class PostgresServerSettingsTest {
    @Parameter
    RunPaths paths;

    private RunPaths.Switched switched;

    @TempDir
    Path dir;

    @BeforeEach
    void switchPaths() {
        switched = paths.apply();
    }

    @AfterEach
    void switchBack() {
        switched.close();
    }

    /**
     * bytea_output 'escape' printed a bytea[]'s elements as escapes in the replica's JSON: ["\\000\\377"]
     * instead of ["\\x00ff"] (a bytea itself is read right either way).
     */
    @Test
    void byteaKeepsItsBytesAndItsHexWhateverByteaOutputTheDatabaseSets() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase()) {
            db.execute("ALTER DATABASE " + db.databaseName() + " SET bytea_output = 'escape'",
                    "CREATE TABLE blobs (id integer PRIMARY KEY, b bytea, bs bytea[])",
                    "INSERT INTO blobs VALUES (1, '\\x00ff5c27', ARRAY['\\x00ff'::bytea, '\\x5c'::bytea])");
            Path replica = runAndVerify(db, "{\"name\": \"blobs\", \"watermark\": \"id\"}");
            assertArrayEquals(new byte[] {0, (byte) 0xff, 0x5c, 0x27},
                    (byte[]) ReplicaReader.single(replica, "SELECT b FROM blobs WHERE id = 1"));
            assertEquals("[\"\\\\x00ff\",\"\\\\x5c\"]", ReplicaReader.single(replica, "SELECT bs FROM blobs WHERE id = 1"));
        }
    }

    /** IntervalStyle iso_8601 stored 'P1DT2H3M4.5S' where the type table promises PostgreSQL's '1 day 02:03:04.5'. */
    @Test
    void intervalsPrintAsDocumentedWhateverIntervalStyleTheDatabaseSets() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase()) {
            db.execute("ALTER DATABASE " + db.databaseName() + " SET IntervalStyle = 'iso_8601'",
                    "CREATE TABLE spans (id integer PRIMARY KEY, i interval, iis interval[])",
                    "INSERT INTO spans VALUES (1, '1 day 02:03:04.5', ARRAY['-1 day 02:00'::interval])");
            Path replica = runAndVerify(db, "{\"name\": \"spans\", \"watermark\": \"id\"}");
            assertEquals(List.of("1 day 02:03:04.5", "[\"-1 days +02:00:00\"]"),
                    ReplicaReader.query(replica, "SELECT i, iis FROM spans WHERE id = 1").get(0));
        }
    }

    /**
     * quote_all_identifiers on prints information_schema's data_type with quotes ("bytea", "text"): every
     * column was typed as "other", read as its text: a bytea stored as its hex text, a text watermark refused.
     */
    @Test
    void columnsKeepTheirTypesWhenTheDatabaseQuotesAllIdentifiers() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase()) {
            db.execute("ALTER DATABASE " + db.databaseName() + " SET quote_all_identifiers = on",
                    "CREATE TABLE quoted (code text PRIMARY KEY, b bytea, n integer)",
                    "INSERT INTO quoted VALUES ('a', '\\x00ff', 1)");
            Path replica = runAndVerify(db, "{\"name\": \"quoted\", \"watermark\": \"code\"}");
            assertArrayEquals(new byte[] {0, (byte) 0xff},
                    (byte[]) ReplicaReader.single(replica, "SELECT b FROM quoted WHERE code = 'a'"));
            assertEquals(List.of("blob", "integer"),
                    ReplicaReader.query(replica, "SELECT typeof(b), typeof(n) FROM quoted").get(0));
        }
    }

    /**
     * A search_path that puts a schema before pg_catalog lets that schema's functions, operators and tables
     * shadow the built-in ones replicate's statements use: arrays came over as the shadowing to_json's
     * '"shadowed"', and a pg_class table of that schema hid the primary key. A "where" still finds the
     * schema's own function (pg_catalog has none of its name).
     */
    @Test
    void aSearchPathThatShadowsPgCatalogChangesNothing() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase()) {
            db.execute("CREATE SCHEMA shadow",
                    "CREATE FUNCTION shadow.to_json(anyelement) RETURNS json LANGUAGE sql AS $$ SELECT '\"shadowed\"'::json $$",
                    "CREATE FUNCTION shadow.md5(text) RETURNS text LANGUAGE sql AS $$ SELECT 'shadowed'::text $$",
                    "CREATE FUNCTION shadow.cat(text, text) RETURNS text LANGUAGE sql AS $$ SELECT 'shadowed'::text $$",
                    "CREATE OPERATOR shadow.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = shadow.cat)",
                    "CREATE TABLE shadow.pg_class (oid oid, relname name, relkind \"char\", relhassubclass boolean,"
                            + " reltuples real, relnamespace oid)",
                    "CREATE TABLE shadow.pg_index (indrelid oid, indkey int2vector, indisprimary boolean)",
                    "CREATE FUNCTION shadow.wanted(integer) RETURNS boolean LANGUAGE sql AS $$ SELECT $1 < 3 $$",
                    "ALTER DATABASE " + db.databaseName() + " SET search_path = shadow, pg_catalog, public",
                    "CREATE TABLE public.arrays (id integer PRIMARY KEY, a integer[], t text)",
                    "INSERT INTO public.arrays VALUES (1, '{1,2}', 'x'), (2, NULL, 'y'), (3, '{3}', 'z')");
            Path replica = runAndVerify(db, "{\"name\": \"arrays\", \"watermark\": \"id\", \"where\": \"wanted(id)\"}");
            assertEquals(Arrays.asList(Arrays.asList(1L, "[1,2]", "x"), Arrays.asList(2L, null, "y")),
                    ReplicaReader.query(replica, "SELECT id, a, t FROM arrays ORDER BY id"));
            assertEquals(List.of(List.of("id")), ReplicaReader.query(replica,
                    "SELECT name FROM pragma_table_info('arrays') WHERE pk > 0"));
        }
    }

    /**
     * A statement_timeout the database sets for every application cancelled the first sync of any table
     * that took longer to stream (COPY is one statement), each run anew; the session lifts it, as it does
     * the idle-in-transaction timeout. One set for replicate's own login stays (see the next test).
     */
    @Test
    void aDatabasesStatementTimeoutDoesNotCancelAFirstSync() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase()) {
            db.execute("CREATE TABLE slow (id integer PRIMARY KEY, v text)",
                    "INSERT INTO slow SELECT g, 'v' || g FROM generate_series(1, 5) g",
                    // Every row takes 0.1 s to read: 0.5 s in all, past the database's 0.2 s.
                    "CREATE FUNCTION slow_row(integer) RETURNS boolean LANGUAGE sql VOLATILE AS"
                            + " $$ SELECT pg_sleep(0.1) IS NOT NULL $$",
                    "ALTER DATABASE " + db.databaseName() + " SET statement_timeout = '200ms'",
                    "ALTER DATABASE " + db.databaseName() + " SET idle_in_transaction_session_timeout = '200ms'");
            Path replica = runAndVerify(db, "{\"name\": \"slow\", \"watermark\": \"id\", \"where\": \"slow_row(id)\"}");
            assertEquals(5L, ReplicaReader.count(replica, "slow"));
        }
    }

    /** A statement_timeout for replicate's login, as the URL's options give it, is the user's own choice: kept. */
    @Test
    void aStatementTimeoutGivenForTheConnectionStays() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase()) {
            db.execute("CREATE TABLE slow (id integer PRIMARY KEY, v text)",
                    "INSERT INTO slow SELECT g, 'v' || g FROM generate_series(1, 5) g",
                    "CREATE FUNCTION slow_row(integer) RETURNS boolean LANGUAGE sql VOLATILE AS"
                            + " $$ SELECT pg_sleep(0.1) IS NOT NULL $$");
            Path config = dir.resolve("own.json");
            Files.writeString(config, "[{\"source\": \"postgres\", \"conn\": \"" + db.conn()
                    + "?options=-c%20statement_timeout%3D200\", \"tables\": [{\"name\": \"slow\", \"watermark\": \"id\","
                    + " \"where\": \"slow_row(id)\"}]}]");
            CliRun run = CliRun.run(dir, "run", "--config", config.toString(), "--db", dir.resolve("own.db").toString());
            assertEquals(1, run.status, run::toString);
            assertTrue(run.err.contains("statement timeout"), run::toString);
        }
    }

    /** Runs the table entry and verifies it: both must pass. */
    private Path runAndVerify(PostgresTestDatabase db, String entry) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "[" + db.sourceBlock(entry) + "]");
        Path replica = dir.resolve("replica.db");
        CliRun run = CliRun.run(dir, "run", "--config", config.toString(), "--db", replica.toString());
        assertEquals(0, run.status, run::toString);
        CliRun verify = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replica.toString());
        assertEquals(0, verify.status, verify::toString);
        return replica;
    }
}
