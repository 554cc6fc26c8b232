package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PostgresReplicationTest extends ReplicationBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }

    @Override
    protected String singlePrecisionType() {
        return "real";
    }

    @Override
    protected String textOrderedByLanguage() {
        return "TEXT COLLATE \"und-x-icu\"";
    }

    @Override
    protected List<String> equalWatermarkSpellings() {
        return List.of("NUMERIC", "1.0", "1.00");
    }

    @Override
    protected String unlimitedKeyTextType() {
        return "TEXT";
    }

    /** Text of a nondeterministic collation (ICU's case-insensitive level) holds 'k' and 'K' equal. */
    @Test
    void identicalRowsWithoutAKeyStayTwoUnderACaseInsensitiveCollation() throws SQLException {
        try {
            db.execute("CREATE COLLATION IF NOT EXISTS replicate_ci (provider = icu, locale = 'und-u-ks-level2',"
                    + " deterministic = false)");
        } catch (RuntimeException e) {
            Assumptions.abort("this server has no ICU collations: " + e.getMessage());
        }
        assertIdenticalRowsKeptApartFrom(List.of("TEXT COLLATE replicate_ci", "k", "K"));
    }

    /** An unlimited character (bpchar) holds 'k' and 'k ' equal, and the text cast would trim the space. */
    @Test
    void identicalRowsWithoutAKeyStayTwoWhenTheirPaddedSpellingsTie() throws SQLException {
        assertIdenticalRowsKeptApartFrom(List.of("BPCHAR", "k", "k "));
    }

    @Test
    void identicalRowsWithoutAKeyStayTwoInCitext() throws SQLException {
        try {
            db.execute("CREATE EXTENSION IF NOT EXISTS citext");
        } catch (RuntimeException e) {
            Assumptions.abort("this server has no citext: " + e.getMessage());
        }
        assertIdenticalRowsKeptApartFrom(List.of("CITEXT", "k", "K"));
    }

    /**
     * A parent table's primary key does not cover its inheritance children, whose rows a SELECT on the
     * parent returns too: the same key can come twice, so its first sync is not read in key order
     * (which would meet the repeated key and fall back, with a note) but in watermark order from the
     * start, as before.
     */
    /**
     * A database of encoding SQL_ASCII holds whatever bytes were put in its text (here Latin-1's é), which
     * PostgreSQL refuses to send as UTF-8. The table fails saying so and how to get the bytes over, not
     * with the server's bare "invalid byte sequence"; and the way it names copies them exactly.
     */
    @Test
    void textThatIsNotUtf8InASqlAsciiDatabaseFailsSayingHowToCopyItsBytes() {
        try (PostgresTestDatabase ascii = new PostgresTestDatabase(
                "ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")) {
            ascii.execute("CREATE TABLE " + q(table) + " (id int PRIMARY KEY, updated_at int NOT NULL, v text)",
                    "INSERT INTO " + q(table) + " VALUES (1, 1, E'caf\\xe9'), (2, 2, 'plain')");
            CliRun failed = run(writeConfig("[" + ascii.sourceBlock("{\"name\": \"" + table + "\", \"watermark\":"
                    + " \"updated_at\"}") + "]"));
            assertEquals(1, failed.status, failed::toString);
            assertTrue(failed.err.contains(table + " failed: its rows hold text that PostgreSQL cannot send as UTF-8")
                    && failed.err.contains("the database's encoding is SQL_ASCII")
                    && failed.err.contains("convert_to(column, 'SQL_ASCII') AS column"), failed::toString);

            CliRun copied = run(writeConfig("[" + ascii.sourceBlock("{\"query\": \"SELECT id, updated_at,"
                    + " convert_to(v, 'SQL_ASCII') AS v FROM " + table + "\", \"target\": \"" + table + "_bytes\","
                    + " \"primaryKey\": \"id\", \"watermark\": \"updated_at\"}") + "]"));
            assertEquals(0, copied.status, copied::toString);
            assertEquals(List.of(List.of(1L, "636166E9"), List.of(2L, "706C61696E")), ReplicaReader.query(replicaPath(),
                    "SELECT id, hex(v) FROM \"" + table + "_bytes\" ORDER BY id"));
        }
    }

    /**
     * In a UTF8 database the same SQLSTATE comes from the query's own doing (convert_from over bytes that
     * are not UTF-8), not from sending text: PostgreSQL's own error stands, without advice to convert_to.
     */
    @Test
    void invalidUtf8FromTheQueryItselfInAUtf8DatabaseKeepsTheServersError() {
        db.execute("CREATE TABLE " + q(table) + " (id int PRIMARY KEY, updated_at int NOT NULL, b bytea)",
                "INSERT INTO " + q(table) + " VALUES (1, 1, '\\x636166e9'::bytea)");
        CliRun failed = run(writeConfig("[" + db.sourceBlock("{\"query\": \"SELECT id, updated_at,"
                + " convert_from(b, 'UTF8') AS t FROM " + table + "\", \"target\": \"" + table + "_text\","
                + " \"primaryKey\": \"id\", \"watermark\": \"updated_at\"}") + "]"));
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("invalid byte sequence for encoding \"UTF8\""), failed::toString);
        assertFalse(failed.err.contains("cannot send as UTF-8") || failed.err.contains("convert_to"), failed::toString);
    }

    /**
     * A table name without a schema is read in public, whatever the login's search_path says (psql, with
     * the role's search_path, finds the table in its own schema). The failure said only that
     * public.TABLE does not exist: it now names the schema where a table of that name stands, and how to
     * write it.
     */
    @Test
    void aTableMissingFromPublicNamesTheSchemaWhereItStands() {
        String schema = table + "_app";
        db.execute("CREATE SCHEMA " + q(schema),
                "CREATE TABLE " + q(schema) + "." + q(table) + " (id int PRIMARY KEY, updated_at "
                        + db.timestampType() + ", name text)");
        try {
            Path config = config(tableBlock(""));
            String expected = "table public." + table + " does not exist at the source, or the user may not read it;"
                    + " there is one in schema " + schema + ": name it \"" + schema + "." + table + "\"";
            CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
            assertEquals(1, check.status, check::toString);
            assertTrue(check.out.contains(expected) || check.err.contains(expected), check::toString);
            CliRun result = run(config);
            assertEquals(1, result.status, result::toString);
            assertTrue(result.err.contains(expected), result::toString);
        } finally {
            db.execute("DROP SCHEMA " + q(schema) + " CASCADE");
        }
    }

    /**
     * The hint of a table missing from public named the system schemas' relations (a table named "tables"
     * was said to stand in information_schema, "pg_class" in pg_catalog), which no one means to replicate.
     */
    @Test
    void aTableMissingFromPublicIsNotSaidToStandInASystemSchema() {
        Path config = writeConfig("[" + db.sourceBlock("{\"name\": \"tables\", \"watermark\": \"x\"}",
                "{\"name\": \"pg_class\", \"watermark\": \"x\", \"target\": \"" + table + "\"}") + "]");
        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(1, check.status, check::toString);
        assertTrue((check.out + check.err).contains("table public.tables does not exist"), check::toString);
        assertTrue((check.out + check.err).contains("table public.pg_class does not exist"), check::toString);
        assertFalse((check.out + check.err).contains("there is one in schema"), check::toString);
    }

    /**
     * The name the hint of a table missing from public suggests is one the configuration can hold: a
     * schema's name with a quote is written as JSON writes it, and one with a dot, which a "name" cannot
     * say (it is split at its first dot), is pointed to a "query".
     */
    @Test
    void aTableMissingFromPublicIsSuggestedUnderANameTheConfigurationCanHold() {
        String quoted = table + "_q\"s";
        String dotted = table + "_d.s";
        db.execute("CREATE SCHEMA " + q(quoted), "CREATE TABLE " + q(quoted) + "." + q(table) + " (id int PRIMARY KEY)");
        try {
            Path config = config(tableBlock(""));
            CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
            assertTrue((check.out + check.err).contains("name it \"" + table + "_q\\\"s." + table + "\""), check::toString);
            db.execute("DROP SCHEMA " + q(quoted) + " CASCADE", "CREATE SCHEMA " + q(dotted),
                    "CREATE TABLE " + q(dotted) + "." + q(table) + " (id int PRIMARY KEY)");
            check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
            assertTrue((check.out + check.err).contains("there is one in schema " + dotted + ", whose name holds a dot,"
                    + " which a \"name\" cannot say: replicate it with a \"query\" (SELECT ... FROM \""
                    + dotted + "\".\"" + table + "\")"), check::toString);
        } finally {
            db.execute("DROP SCHEMA IF EXISTS " + q(quoted) + " CASCADE", "DROP SCHEMA IF EXISTS " + q(dotted) + " CASCADE");
        }
    }

    /**
     * The hint of a table missing from public, for a login of limited rights: it named a schema whose
     * table the login may SELECT but which it may not use (its every read then fails, "permission denied
     * for schema"), and left out a table of which the login may read only some columns (which replicate
     * reads with a "columns").
     */
    @Test
    void aTableMissingFromPublicIsSaidToStandWhereTheLoginMayReadIt() {
        String shut = table + "_shut";
        String open = table + "_open";
        String other = table + "_other";
        db.execute("CREATE TABLE " + q(table) + " (id int PRIMARY KEY, updated_at " + db.timestampType() + ", name text)");
        String conn = db.connReadingOnly(table, List.of("id", "updated_at"), "name");
        String role = conn.substring("postgres://".length(), conn.indexOf(':', "postgres://".length()));
        db.execute("CREATE SCHEMA " + q(shut), "CREATE TABLE " + q(shut) + "." + q(other) + " (id int PRIMARY KEY)",
                "GRANT SELECT ON " + q(shut) + "." + q(other) + " TO " + role,
                "CREATE SCHEMA " + q(open), "CREATE TABLE " + q(open) + "." + q(other) + " (id int PRIMARY KEY, secret text)",
                "GRANT USAGE ON SCHEMA " + q(open) + " TO " + role,
                "GRANT SELECT (id) ON " + q(open) + "." + q(other) + " TO " + role);
        try {
            Path config = writeConfig("[{\"source\": \"postgres\", \"conn\": \"" + conn + "\", \"tables\": ["
                    + "{\"name\": \"" + other + "\", \"mode\": \"full\"}]}]");
            CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
            assertEquals(1, check.status, check::toString);
            assertTrue((check.out + check.err).contains("there is one in schema " + open + ": name it \"" + open + "."
                    + other + "\""), check::toString);
            assertFalse((check.out + check.err).contains(shut), check::toString);
        } finally {
            db.execute("DROP SCHEMA " + q(shut) + " CASCADE", "DROP SCHEMA " + q(open) + " CASCADE");
        }
    }

    /**
     * A login that may read some columns but not the primary key's: the catalog names the key, whose
     * column the user cannot see. The failure said the key column "does not exist", which it does: it now
     * says the user may not read it, and what to do.
     */
    @Test
    void aPrimaryKeyColumnTheLoginMayNotReadIsSaidToBeUnreadableNotMissing() {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL PRIMARY KEY, updated_at " + db.timestampType()
                + " NULL, name VARCHAR(100), secret VARCHAR(100))");
        insert(1, "2024-01-01 10:00:00", "a");
        String conn = db.connReadingOnly(table, List.of("updated_at", "name"), "secret");
        Path config = writeConfig("[{\"source\": \"postgres\", \"conn\": \"" + conn + "\", \"tables\": ["
                + tableBlock("") + "]}]");
        String expected = "the primary key column id of public." + table + " is not among the columns the user has"
                + " privileges on (updated_at, name, secret): grant the login SELECT on id";
        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(1, check.status, check::toString);
        assertTrue(check.out.contains(expected) || check.err.contains(expected), check::toString);
        assertFalse(check.out.contains("does not exist") || check.err.contains("does not exist"), check::toString);
    }

    @Test
    void aTableWithInheritanceChildrenIsNotReadInKeyOrder() {
        createItems(true);
        db.execute("CREATE TABLE " + q(table + "_child") + " () INHERITS (" + q(table) + ")");
        insert(1, "2024-01-01 10:00:00", "in the parent");
        db.execute("INSERT INTO " + q(table + "_child") + " (id, updated_at, name) VALUES (1, "
                + db.timestampLiteral("2024-01-01 11:00:00") + ", 'in the child, same key, newer')");
        // Both copies of key 1 lie below the newest watermark (key 3's), where a snapshot would read them.
        insert(3, "2024-01-01 12:00:00", "newest");
        Path config = config(tableBlock(""));
        runOk(config);
        assertEquals(List.of(List.of(1L, "in the child, same key, newer"), List.of(3L, "newest")), replicaRows());
        assertEquals("2024-01-01T12:00", storedWatermark());
        assertEquals(null, log().get(0).get(4), "no fallback note: it never tried key order");
        db.execute("DROP TABLE " + q(table + "_child"));
    }

    /**
     * Two columns whose names differ only in case ("Name" and name) are two columns to PostgreSQL and
     * one to SQLite, whose names ignore case: both validate-config --connect and run say so, naming
     * both columns and the table, instead of passing the first and failing the second with SQLite's
     * raw "duplicate column name". (MySQL's column names ignore case too, so it cannot have both.)
     */
    @Test
    void columnsWhoseNamesDifferOnlyInCaseAreRefusedByNameBeforeSqliteSeesThem() {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + ", \"Name\" text, name text)");
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        String expected = "the columns Name and name of public." + table + " differ only in case";

        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(1, check.status, check::toString);
        assertTrue(check.err.contains(expected), check.err);

        CliRun result = run(config);
        assertEquals(1, result.status, result::toString);
        assertTrue(result.err.contains(expected), result.err);
        assertFalse(result.err.contains("duplicate column"), result.err);
    }

    /**
     * Review finding: the clash is checked over the columns stored, so excluding one of the two lets the
     * table run, the other stored, on every run (the excluded "Name" is not taken for the stored name,
     * which SQLite would otherwise drop and add again).
     */
    @Test
    void columnsDifferingOnlyInCaseRunWhenOneOfThemIsExcluded() {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                + ", \"Name\" text, name text)");
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock("\"excludeColumns\": [\"Name\"]"));
        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(0, check.status, check::toString);
        runOk(config);
        insert(2, "2024-01-01 11:00:00", "b");
        runOk(config);
        assertReplicaEqualsSource();
        assertEquals(List.of("id", "updated_at", "name"), ReplicaReader.query(replicaPath(),
                "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid").stream().map(r -> r.get(0)).toList());
        assertFalse(Objects.toString(log().get(1).get(4)).contains("excluded now"), log().toString());
    }

    /**
     * 'NaN', 'Infinity' and '-Infinity' in a numeric watermark (PostgreSQL 14+ has numeric infinities)
     * have no place in a cursor: NaN and Infinity sort after every number, so a cursor there would
     * never move again. Such rows are skipped as NULL ones are, counted in a note that names the column
     * and the table, and the rows around them arrive, in a first sync in key order (whose boundary is
     * the newest value) and in the runs after it.
     */
    @Test
    void nanAndInfiniteNumericWatermarksAreSkippedAndNotedNotFatal() {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT PRIMARY KEY, version NUMERIC NULL, name VARCHAR(100))",
                "INSERT INTO " + q(table) + " VALUES (1, 1.5, 'a'), (2, 'NaN', 'nan'), (3, 'Infinity', 'inf'),"
                        + " (4, '-Infinity', 'minus inf'), (5, 2, 'b'), (6, NULL, 'null')");
        Path config = config("{\"name\": \"" + table + "\", \"watermark\": \"version\", \"pageSize\": 1}");
        runOk(config);
        assertEquals(List.of(List.of(1L, "a"), List.of(5L, "b")), replicaRows());
        assertEquals("2", storedWatermark());
        String notes = Objects.toString(log().get(0).get(4));
        assertTrue(notes.contains("3 rows have NaN or infinity in the watermark column version of public." + table
                + " and are skipped, as NULL ones are"), notes);
        assertTrue(notes.contains("1 row has NULL in the watermark column version"), notes);

        db.execute("INSERT INTO " + q(table) + " VALUES (7, 3, 'c'), (8, 'NaN', 'nan again')",
                "UPDATE " + q(table) + " SET version = 4 WHERE id = 2");
        runOk(config);
        assertEquals(List.of(List.of(1L, "a"), List.of(2L, "nan"), List.of(5L, "b"), List.of(7L, "c")), replicaRows());
        assertEquals("4", storedWatermark());
        assertTrue(Objects.toString(log().get(1).get(4)).contains("3 rows have NaN or infinity"), log().toString());
    }

    /** The same without a key: the first sync reads in watermark order from the start. */
    @Test
    void nanNumericWatermarksDoNotStopAnAppendOnlyTable() {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL, version NUMERIC(10,2), name VARCHAR(100))",
                "INSERT INTO " + q(table) + " VALUES (1, 1, 'a'), (2, 'NaN', 'nan'), (3, 2, 'b')");
        Path config = config("{\"name\": \"" + table + "\", \"watermark\": \"version\"}");
        runOk(config);
        db.execute("INSERT INTO " + q(table) + " VALUES (4, 3, 'c')");
        runOk(config);
        assertEquals(List.of(List.of(1L, "a"), List.of(3L, "b"), List.of(4L, "c")), replicaRows());
        assertEquals("3.00", storedWatermark());
    }

    /**
     * 'infinity' in a timestamp watermark sorts after every time: a cursor that reached it would never
     * see a later row. Such rows ('-infinity' too) are skipped, counted and noted as NULL ones are; the
     * cursor only ever holds finite times, so the rows written later arrive.
     */
    @Test
    void infiniteTimestampWatermarksNeverHoldTheCursor() {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        db.execute("INSERT INTO " + q(table) + " VALUES (2, 'infinity', 'inf'), (3, '-infinity', 'minus inf')");
        insert(4, "2024-01-01 11:00:00", "b");
        Path config = config(tableBlock("\"pageSize\": 1"));
        runOk(config);
        assertEquals(List.of(List.of(1L, "a"), List.of(4L, "b")), replicaRows());
        assertEquals("2024-01-01T11:00", storedWatermark());
        String notes = Objects.toString(log().get(0).get(4));
        assertTrue(notes.contains("2 rows have NaN or infinity in the watermark column updated_at of public." + table),
                notes);

        insert(5, "2024-01-02 00:00:00", "later");
        runOk(config);
        assertEquals(List.of(List.of(1L, "a"), List.of(4L, "b"), List.of(5L, "later")), replicaRows());
        assertEquals("2024-01-02T00:00", storedWatermark());
    }

    /**
     * A cursor an earlier version left at infinity (it stored what it read): no later row could be
     * reached from there, so the run reads the table again from the start, says so, and the cursor
     * comes back to the newest finite value.
     */
    @Test
    void aCursorLeftAtInfinityByAnEarlierVersionStartsOverWithANote() throws SQLException {
        createItems(true);
        insert(1, "2024-01-01 10:00:00", "a");
        Path config = config(tableBlock(""));
        runOk(config);
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + replicaPath());
             var statement = connection.createStatement()) {
            statement.execute("UPDATE _replicate_watermarks SET last_value = 'infinity' WHERE target = '" + table + "'");
        }
        insert(2, "2024-01-02 10:00:00", "later");
        runOk(config);
        assertReplicaEqualsSource();
        assertEquals("2024-01-02T10:00", storedWatermark());
        String notes = Objects.toString(log().get(1).get(4));
        assertTrue(notes.contains("the stored watermark of updated_at was infinity"), notes);
        assertEquals(2L, ReplicaReader.count(replicaPath(), table));

        // A first sync in key order that an earlier version left part-way, below an infinite boundary:
        // finished, it would have put the cursor at infinity. It starts over below a finite one.
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + replicaPath());
             var statement = connection.createStatement()) {
            statement.execute("UPDATE _replicate_watermarks SET last_value = NULL, snapshot_key_column = 'id',"
                    + " snapshot_key_type = 'INTEGER', snapshot_after = '1', snapshot_below = 'infinity'"
                    + " WHERE target = '" + table + "'");
        }
        insert(3, "2024-01-03 10:00:00", "after the snapshot");
        runOk(config);
        assertReplicaEqualsSource();
        assertEquals("2024-01-03T10:00", storedWatermark());
        assertTrue(Objects.toString(log().get(2).get(4)).contains("updated_at below infinity) was not finite"),
                log().toString());
    }

    /**
     * PostgreSQL pads a character(n) to its length, so a key's length changed pads every key read from
     * then on otherwise ('a  ' becomes 'a    '): the table is synced again, not stored twice.
     */
    @Test
    void aCharKeyGivenAnotherLengthIsSyncedAgainNotStoredTwice() {
        db.execute("CREATE TABLE " + q(table) + " (k CHAR(3) NOT NULL PRIMARY KEY, v VARCHAR(20), wm INTEGER NOT NULL)");
        db.execute("INSERT INTO " + q(table) + " (k, v, wm) VALUES ('a', 'a', 1), ('bb', 'b', 2)");
        Path config = config(entry("\"watermark\": \"wm\""));
        runOk(config);
        db.execute(db.retypeColumn(table, "k", "CHAR(5)"));
        db.execute("UPDATE " + q(table) + " SET v = 'a2', wm = 3 WHERE k = 'a'");
        runOk(config);
        assertEquals(List.of(List.of("a    ", "a2", 3L), List.of("bb   ", "b", 2L)), ReplicaReader.query(replicaPath(),
                "SELECT k, v, wm FROM \"" + table + "\" ORDER BY k"), log().toString());
        assertTrue(Objects.toString(log().get(1).get(4)).contains("the key column k (character(3) to character(5)) changed type at the"
                + " source, which changes how its values are spelt"),
                log().toString());
    }
}
