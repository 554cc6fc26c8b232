package dev.replicate.source.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.ReplicaReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's settings that a DBA chooses for every application: the replica's values must not follow, verify
 * must find them equal, and a statement bound must not cancel a first sync. The global sql_mode is everyone's,
 * so these tests give theirs as the connection's (Connector/J's sessionVariables, applied before replicate's
 * session setup reads the mode), as a server's default would arrive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MysqlServerSettingsTest {
    private MysqlTestDatabase db;
    private boolean mariadb;

    @TempDir
    Path dir;

    @BeforeAll
    void createTables() {
        db = new MysqlTestDatabase();
        mariadb = db.query("SELECT VERSION()").get(0).get(0).contains("MariaDB");
        db.execute("CREATE TABLE mixed (id INT PRIMARY KEY, w DATETIME(6) NOT NULL, name VARCHAR(50), c CHAR(5),"
                        + " d DECIMAL(10,3), dbl DOUBLE, b VARBINARY(10), day DATE, ts TIMESTAMP(3) NULL, e ENUM('a','b'),"
                        + " j JSON)",
                "INSERT INTO mixed VALUES (1, '2024-01-01 00:00:00', 'back\\\\slash ''q'' \"dq\" a||b', 'ab', 1.5, 0.1,"
                        + " 0x00ff5c27, '2024-02-29', '2024-01-01 10:00:00.5', 'b', '{\"a\": 1}'),"
                        + " (2, '2024-01-02 00:00:00', '', NULL, NULL, NULL, '', NULL, NULL, NULL, NULL)",
                "CREATE TABLE texts (code VARCHAR(20) PRIMARY KEY, v TEXT)",
                "INSERT INTO texts VALUES ('a\\\\b', 'x'), ('a''b', 'y'), ('a\"b', ''), ('zz', NULL)");
    }

    @AfterAll
    void dropDatabase() {
        db.close();
    }

    /**
     * MariaDB's sql_mode ORACLE makes CONCAT take a NULL for an empty text, and verify's checksums of a row
     * holding a NULL then differed from the replica's for ever (rows 2 and zz "different").
     */
    @Test
    void verifyFindsRowsWithNullsEqualUnderTheOracleSqlMode() throws Exception {
        assumeTrue(mariadb, "sql_mode ORACLE is MariaDB's");
        assertEverythingArrivesAndVerifies("oracle", "ORACLE");
    }

    /**
     * The modes that change how SQL is read (double quotes for names, || for concatenation, no backslash escapes,
     * '' as NULL...) change no value: replicate's statements mean the same under them, and a text watermark holding
     * a backslash or quotes is bound as the mode reads it.
     */
    @Test
    void theModesThatChangeHowSqlIsReadChangeNoValue() throws Exception {
        String modes = "ANSI,NO_BACKSLASH_ESCAPES,HIGH_NOT_PRECEDENCE,NO_UNSIGNED_SUBTRACTION,IGNORE_SPACE"
                + (mariadb ? ",EMPTY_STRING_IS_NULL" : "");
        assertEverythingArrivesAndVerifies("ansi", modes);
    }

    /**
     * MariaDB's EMPTY_STRING_IS_NULL reads the literal '' as NULL: a text watermark stored as '' was bound as ''
     * and compared as NULL, so the next runs read nothing (the row inserted later never arrived, silently),
     * and verify failed on a null.
     */
    @Test
    void anEmptyTextWatermarkIsAPositionUnderEmptyStringIsNull() throws Exception {
        assumeTrue(mariadb, "sql_mode EMPTY_STRING_IS_NULL is MariaDB's");
        db.execute("CREATE TABLE empties (code VARCHAR(10) PRIMARY KEY, v INT)", "INSERT INTO empties VALUES ('', 1)");
        String options = "&sessionVariables=" + URLEncoder.encode("sql_mode='EMPTY_STRING_IS_NULL'", StandardCharsets.UTF_8);
        String entry = "{\"name\": \"empties\", \"watermark\": \"code\"}";
        Path replica = run("empties", options, entry);
        db.execute("INSERT INTO empties VALUES ('c', 2)");
        run("empties", options, entry);
        assertEquals(Arrays.asList(Arrays.asList("", 1L), Arrays.asList("c", 2L)),
                ReplicaReader.query(replica, "SELECT code, v FROM empties ORDER BY code"));
    }

    /**
     * A "query" or a "where" is the user's SQL, written for the user's sql_mode, and runs under it: MariaDB's ORACLE
     * reads SUBSTR from 0 as from 1 and CONCAT a NULL as ''; under EMPTY_STRING_IS_NULL {@code code <> ''} is NULL.
     * The session once dropped both modes, and these stored '', NULL and let in rows the mode keeps out (exit 0).
     * Replicate's own statements (verify, the '' member of an enum read as NULL) keep their meaning under them.
     */
    @Test
    void aQueryAndAWhereRunUnderTheUsersSqlMode() throws Exception {
        assumeTrue(mariadb, "sql_modes ORACLE and EMPTY_STRING_IS_NULL are MariaDB's");
        db.execute("CREATE TABLE notes (id INT PRIMARY KEY, code VARCHAR(10), note VARCHAR(10), e ENUM('', 'a'))",
                "INSERT INTO notes VALUES (1, 'abcdef', NULL, NULL), (2, 'x', 'y', ''), (3, '', 'z', 'a')");
        Path oracle = run("oracle_query", modes("ORACLE"),
                "{\"query\": \"SELECT id, SUBSTR(code, 0, 3) AS s, CONCAT(code, note) AS c FROM notes\","
                        + " \"target\": \"q\", \"primaryKey\": \"id\"}",
                "{\"name\": \"notes\", \"watermark\": \"id\"}");
        assertEquals(Arrays.asList(Arrays.asList(1L, "abc", "abcdef"), Arrays.asList(2L, "x", "xy"),
                        Arrays.asList(3L, null, "z")),
                ReplicaReader.query(oracle, "SELECT id, s, c FROM q ORDER BY id"));
        assertEquals(Arrays.asList(Arrays.asList(1L, null), Arrays.asList(2L, ""), Arrays.asList(3L, "a")),
                ReplicaReader.query(oracle, "SELECT id, e FROM notes ORDER BY id"));
        Path empty = run("empty_where", modes("EMPTY_STRING_IS_NULL"),
                "{\"name\": \"notes\", \"watermark\": \"id\", \"where\": \"code <> '' OR id = 2\"}",
                "{\"query\": \"SELECT id, '' AS blank, CONCAT(code, '') AS c FROM notes\", \"target\": \"q\","
                        + " \"primaryKey\": \"id\"}");
        assertEquals(List.of(List.of(2L)), ReplicaReader.query(empty, "SELECT id FROM notes"));
        assertEquals(Arrays.asList(Arrays.asList(1L, null, null), Arrays.asList(2L, null, null),
                        Arrays.asList(3L, null, null)),
                ReplicaReader.query(empty, "SELECT id, blank, c FROM q ORDER BY id"));
    }

    /**
     * Which variables bound a statement's time and make the session read-only is the server's to say, not the
     * version it announced: a proxy announces its own (ProxySQL 5.5.30), and the names a version string implied
     * were refused on every connect ("Unknown system variable", 1193), the source unusable. Here the real server
     * is told apart from announcements that imply the other names; the session must still be read-only with its
     * bound lifted (1000 s set globally, as a DBA would, and put back).
     */
    @Test
    void theSessionTakesTheNamesTheServerHasWhateverVersionItAnnounces() throws Exception {
        String bound = mariadb ? "max_statement_time" : "max_execution_time";
        String readOnly = db.query("SELECT VERSION()").get(0).get(0).startsWith("5.") ? "tx_read_only"
                : mariadb ? "tx_read_only" : "transaction_read_only";
        String before = db.query("SELECT @@GLOBAL." + bound).get(0).get(0);
        try {
            db.execute("SET GLOBAL " + bound + " = 1000");
            for (String announced : List.of("5.5.30", "8.0.36", "5.6.51", "5.5.5-10.11.6-MariaDB")) {
                try (Connection connection = DriverManager.getConnection("jdbc:" + db.conn());
                     Statement statement = connection.createStatement()) {
                    MysqlConnector.setUp(statement, announced, 5);
                    try (ResultSet rs = statement.executeQuery("SELECT @@" + readOnly + ", @@" + bound
                            + ", @@lock_wait_timeout")) {
                        rs.next();
                        assertEquals(List.of(1L, 0.0, 5L), List.of(rs.getLong(1), rs.getDouble(2), rs.getLong(3)),
                                announced);
                    }
                }
            }
        } finally {
            db.execute("SET GLOBAL " + bound + " = " + before);
        }
    }

    private static String modes(String sqlMode) {
        return "&sessionVariables=" + URLEncoder.encode("sql_mode='" + sqlMode + "'", StandardCharsets.UTF_8);
    }

    /**
     * TRADITIONAL (strict for every table, no zero dates) refuses a variable's value out of its range where other
     * modes cut it: verify's group_concat_max_len of 4 GiB, past MariaDB's 1 GiB, failed every table's verify.
     */
    @Test
    void verifyWorksUnderTheTraditionalSqlMode() throws Exception {
        assertEverythingArrivesAndVerifies("traditional", "TRADITIONAL");
    }

    /**
     * The bounds on statements that the server sets for every application are lifted in replicate's session: a
     * first sync streams a whole table in one statement. MariaDB's max_statement_time (MySQL's max_execution_time)
     * cancelled it after that long; max_join_size failed every read of a table with more rows. Set globally here to
     * 1000 s and 10^12 rows, bounds no other test meets, and put back.
     */
    @Test
    void theServersBoundsOnStatementsAreLifted() throws Exception {
        String bound = mariadb ? "max_statement_time" : "max_execution_time";
        String before = db.query("SELECT @@GLOBAL." + bound).get(0).get(0);
        String joinsBefore = db.query("SELECT @@GLOBAL.max_join_size").get(0).get(0);
        Path replica;
        try {
            db.execute("SET GLOBAL " + bound + " = 1000", "SET GLOBAL max_join_size = 1000000000000");
            replica = run("bound", "", "{\"query\": \"SELECT 1 AS id, @@" + bound + " AS bound, @@sql_big_selects AS big\","
                    + " \"target\": \"bound\", \"primaryKey\": \"id\"}");
        } finally {
            db.execute("SET GLOBAL " + bound + " = " + before, "SET GLOBAL max_join_size = " + joinsBefore);
        }
        assertEquals(0.0, Double.parseDouble(String.valueOf(ReplicaReader.single(replica, "SELECT bound FROM bound"))));
        assertEquals(1L, ReplicaReader.single(replica, "SELECT big FROM bound"));
    }

    /**
     * sql_select_limit cuts every SELECT without a LIMIT to that many rows, silently: a full table arrived with two
     * of its five rows, and the catalog's rows came cut too (the primary key unseen). Given for the connection here,
     * as a server's or login's would arrive; replicate's reads never take it.
     */
    @Test
    void aSelectLimitCutsNoRead() throws Exception {
        db.execute("CREATE TABLE five (id INT PRIMARY KEY, v INT)", "INSERT INTO five VALUES (1,1),(2,2),(3,3),(4,4),(5,5)");
        Path replica = run("limited", "&sessionVariables=sql_select_limit%3D2",
                "{\"name\": \"five\", \"mode\": \"full\"}", "{\"name\": \"five\", \"target\": \"five_w\", \"watermark\": \"id\"}",
                "{\"name\": \"texts\", \"watermark\": \"code\", \"deletes\": {\"reconcile\": \"PT0S\"}}");
        assertEquals(5L, ReplicaReader.count(replica, "five"));
        assertEquals(5L, ReplicaReader.count(replica, "five_w"));
        assertEquals(4L, ReplicaReader.count(replica, "texts"));
        assertEquals(List.of(List.of("id")), ReplicaReader.query(replica,
                "SELECT name FROM pragma_table_info('five') WHERE pk > 0"));
    }

    /** One given for replicate's own connection is the user's choice: it stays, and a read it cancels says so. */
    @Test
    void aStatementTimeBoundGivenForTheConnectionStays() throws Exception {
        String bound = mariadb ? "max_statement_time=0.2" : "max_execution_time=200";
        Path config = config("own", "&sessionVariables=" + URLEncoder.encode(bound, StandardCharsets.UTF_8),
                "{\"query\": \"SELECT id, SLEEP(0.1) AS s FROM mixed CROSS JOIN texts\", \"target\": \"own\","
                        + " \"primaryKey\": []}");
        CliRun run = CliRun.run(dir, "run", "--config", config.toString(), "--db", dir.resolve("own.db").toString());
        assertEquals(1, run.status, run::toString);
        assertTrue(run.err.contains("max_statement_time") || run.err.contains("maximum statement execution time"),
                run::toString);
    }

    private void assertEverythingArrivesAndVerifies(String name, String sqlMode) throws Exception {
        Path replica = run(name, "&sessionVariables=" + URLEncoder.encode("sql_mode='" + sqlMode + "'",
                        StandardCharsets.UTF_8),
                "{\"name\": \"mixed\", \"watermark\": \"w\", \"pageSize\": 1}",
                "{\"name\": \"texts\", \"watermark\": \"code\", \"pageSize\": 1}");
        assertEquals(Arrays.asList(
                        Arrays.asList(1L, "back\\slash 'q' \"dq\" a||b", "ab", "1.500", 0.1, "2024-02-29",
                                "2024-01-01T10:00:00.5+00:00", "b", "{\"a\": 1}"),
                        Arrays.asList(2L, "", null, null, null, null, null, null, null)),
                ReplicaReader.query(replica, "SELECT id, name, c, d, dbl, day, ts, e, j FROM mixed ORDER BY id"));
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x5c, 0x27},
                (byte[]) ReplicaReader.single(replica, "SELECT b FROM mixed WHERE id = 1"));
        assertEquals(Arrays.asList(Arrays.asList("a\"b", ""), Arrays.asList("a'b", "y"), Arrays.asList("a\\b", "x"),
                        Arrays.asList("zz", null)),
                ReplicaReader.query(replica, "SELECT code, v FROM texts ORDER BY code"));
    }

    /** Runs the entries on the scratch database, the URL's options followed by {@code options}; then verifies. */
    private Path run(String name, String options, String... entries) throws Exception {
        Path config = config(name, options, entries);
        Path replica = dir.resolve(name + ".db");
        CliRun run = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replica.toString());
        assertEquals(0, run.status, run::toString);
        CliRun verify = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replica.toString());
        assertEquals(0, verify.status, verify::toString);
        return replica;
    }

    private Path config(String name, String options, String... entries) throws Exception {
        String conn = db.conn();
        if (!options.isEmpty()) {
            conn = conn.contains("?") ? conn + options : conn + "?" + options.substring(1);
        }
        Path config = dir.resolve(name + ".json");
        Files.writeString(config, "[{\"source\": \"mysql\", \"conn\": " + new Gson().toJson(conn) + ", \"tables\": ["
                + String.join(", ", entries) + "]}]");
        return config;
    }
}
