package dev.replicate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fault scenarios share: one scratch source database per class, a fresh working directory
 * per test, configurations, runs in-process and in child JVMs, and exact comparisons of replica and
 * source. The scenario tables all have one shape: {@code id BIGINT, updated_at TIMESTAMP, v BIGINT,
 * payload VARCHAR}, the watermark being {@code updated_at}, and {@code v} counting updates so that a
 * stale row can never pass for a current one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FaultScenarioBase {
    /** Watermark values are this instant plus a number of milliseconds (a "tick"). */
    protected static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);

    protected FaultDatabase faults;
    protected TestDatabase db;

    @TempDir
    Path tempRoot;

    /** This test's own working directory (the configuration and the replica go here). */
    protected Path work;

    protected abstract FaultDatabase createDatabase();

    @BeforeAll
    void openDatabase() {
        faults = createDatabase();
        db = faults.db();
    }

    @AfterAll
    void closeDatabase() {
        if (faults != null) {
            faults.close();
        }
    }

    @BeforeEach
    void freshWorkDir(TestInfo info) throws IOException {
        work = Files.createTempDirectory(tempRoot, info.getTestMethod().orElseThrow().getName());
    }

    // --- source tables ------------------------------------------------------------------------------

    protected String q(String identifier) {
        return db.quote(identifier);
    }

    protected static LocalDateTime tick(long tick) {
        return BASE.plusNanos(tick * 1_000_000L);
    }

    protected void createTable(String table, boolean withKey) {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT NOT NULL" + (withKey ? " PRIMARY KEY" : "")
                        + ", updated_at " + db.timestampType() + " NOT NULL, v BIGINT NOT NULL, payload VARCHAR(200))",
                "CREATE INDEX " + q(table + "_wm") + " ON " + q(table) + " (updated_at, id)");
    }

    /**
     * A timestamp as an SQL literal. Literals, not bound LocalDateTime values: MySQL Connector/J
     * drops the fraction of a bound value on MariaDB (it takes the server for a 5.5), which would
     * merge every second's rows into one watermark value.
     */
    protected String timestampSql(LocalDateTime value) {
        return db.timestampLiteral(value.format(SQL_TIMESTAMP));
    }

    private static final java.time.format.DateTimeFormatter SQL_TIMESTAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** Inserts rows {@code id = first..first+count-1} with watermark tick {@code (id / group)}. */
    protected void insertRows(String table, long first, int count, int group) {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            StringBuilder sql = new StringBuilder();
            for (long id = first; id < first + count; id++) {
                sql.append(sql.length() == 0 ? "INSERT INTO " + q(table) + " (id, updated_at, v, payload) VALUES " : ", ")
                        .append('(').append(id).append(", ").append(timestampSql(tick(id / group))).append(", 0, 'row ")
                        .append(id).append(' ').append("x".repeat((int) (id % 40))).append("')");
                if ((id - first) % 1000 == 999) {
                    statement.execute(sql.toString());
                    sql.setLength(0);
                }
            }
            if (sql.length() > 0) {
                statement.execute(sql.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert rows: " + e.getMessage(), e);
        }
    }

    // --- configuration and runs ---------------------------------------------------------------------

    /** A table block; {@code extra} is more JSON members, or empty. */
    protected static String tableJson(String table, String extra) {
        return "{\"name\": \"" + table + "\", \"watermark\": \"updated_at\"" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    protected static String namedSourceJson(String name, String type, String conn, String... tables) {
        return "{\"name\": \"" + name + "\", \"source\": \"" + type + "\", \"conn\": \"" + conn + "\", \"tables\": ["
                + String.join(", ", tables) + "]}";
    }

    /** A source block on the scratch database. */
    protected String sourceJson(String... tables) {
        return namedSourceJson("main", db.sourceType(), db.conn(), tables);
    }

    protected Path config(String... sourceBlocks) {
        try {
            Path file = Files.createTempFile(work, "config", ".json");
            Files.writeString(file, "{\"sources\": [" + String.join(", ", sourceBlocks) + "]}");
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected Path replica() {
        return work.resolve("replica.db");
    }

    protected static List<String> runArgs(Path config, Path replica, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--force", "--config", config.toString(), "--db",
                replica.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** One run in-process. */
    protected CliRun run(Path config, Path replica, String... extra) {
        return CliRun.run(work, runArgs(config, replica, extra).toArray(String[]::new));
    }

    protected CliRun runOk(Path config, Path replica, String... extra) {
        CliRun result = run(config, replica, extra);
        assertEquals(0, result.status, result::toString);
        return result;
    }

    /** One run in a child JVM, not waited for. */
    protected ChildReplicate child(Path config, Path replica, String... extra) throws IOException {
        return ChildReplicate.start(work, runArgs(config, replica, extra));
    }

    // --- comparisons -------------------------------------------------------------------------------

    /** Every row of a source table as "id|v|payload", sorted (a multiset for tables without a key). */
    protected List<String> sourceRows(String table) {
        return sorted(db.query("SELECT id, v, payload FROM " + q(table)).stream()
                .map(row -> String.join("|", row)).toList());
    }

    /** The source rows whose watermark compares to the stored value as given ("<", "=" or ">"). */
    protected List<String> sourceRows(String table, String comparison, String storedWatermark) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = db.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT id, v, payload FROM " + q(table) + " WHERE updated_at " + comparison + " "
                        + timestampSql(LocalDateTime.parse(storedWatermark)))) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return sorted(rows);
    }

    protected static List<String> replicaRows(Path replica, String table) {
        return sorted(sqlite(replica, "SELECT id, v, payload FROM \"" + table + "\"").stream()
                .map(row -> row.stream().map(String::valueOf).collect(Collectors.joining("|"))).toList());
    }

    protected void assertReplicaEqualsSource(Path replica, String table) {
        List<String> source = sourceRows(table);
        List<String> copy = replicaRows(replica, table);
        if (!source.equals(copy)) {
            List<String> missing = new ArrayList<>(source);
            copy.forEach(missing::remove);
            List<String> extra = new ArrayList<>(copy);
            source.forEach(extra::remove);
            throw new AssertionError(table + ": the replica differs from the source: " + source.size() + " rows at the"
                    + " source, " + copy.size() + " in the replica; missing or stale " + head(missing)
                    + "; extra or stale " + head(extra));
        }
    }

    /**
     * A page's rows and its watermark commit together, so after any interruption: every source row
     * below the stored watermark is in the replica, none above it is, and those equal to it may be
     * (a page may end inside a group of equal values). Only for a source that did not change since.
     */
    protected void assertConsistentWithWatermark(Path replica, String table) {
        String stored = storedWatermark(replica, table);
        List<String> copy = replicaRows(replica, table);
        String snapshotAfter = snapshotAfter(replica, table);
        if (stored == null && snapshotAfter != null) {
            // A first sync in key order (FirstSync) holds exactly the rows below its boundary,
            // up to the last key committed.
            String below = snapshotBelow(replica, table);
            assertEquals(sorted(db.query("SELECT id, v, payload FROM " + q(table) + " WHERE id <= " + snapshotAfter
                            + " AND updated_at < " + timestampSql(LocalDateTime.parse(below)))
                    .stream().map(row -> String.join("|", row)).toList()), copy,
                    table + ": the replica is not the source's rows below " + below + " up to the snapshot's key "
                            + snapshotAfter);
            return;
        }
        if (stored == null) {
            assertEquals(List.of(), copy, table + ": rows without a stored watermark");
            return;
        }
        List<String> below = sourceRows(table, "<", stored);
        List<String> equal = sourceRows(table, "=", stored);
        List<String> rest = new ArrayList<>(copy);
        for (String row : below) {
            assertTrue(rest.remove(row), () -> table + ": row " + row + " is below the stored watermark " + stored
                    + " but not in the replica");
        }
        for (String row : rest) {
            assertTrue(equal.remove(row), () -> table + ": row " + row + " is in the replica but above the stored"
                    + " watermark " + stored + " (or duplicated)");
        }
    }

    private static String head(List<String> rows) {
        return rows.size() <= 5 ? rows.toString() : rows.subList(0, 5) + " and " + (rows.size() - 5) + " more";
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        Collections.sort(copy);
        return copy;
    }

    /**
     * Kills a run once it has copied at least {@code rows} rows of the table (SIGKILL, then waits for
     * the process to be gone), failing the test when the run finished first: nothing was interrupted.
     */
    protected static void killOnceCopied(ChildReplicate run, Path replica, String table, long rows) throws Exception {
        while (run.alive() && countOrZero(replica, table) < rows) {
            sleep(5);
        }
        assertTrue(run.alive(), () -> "the run finished before it could be killed: " + run.output());
        run.kill();
    }

    /** The boundary of a first sync in key order under way (its snapshot_below). */
    protected static String snapshotBelow(Path replica, String target) {
        return sqlite(replica, "SELECT snapshot_below FROM _replicate_watermarks WHERE target = '" + target + "'")
                .get(0).get(0).toString();
    }

    /** The last key a first sync in key order committed, or null when none is under way. */
    protected static String snapshotAfter(Path replica, String target) {
        List<List<Object>> rows = sqlite(replica, "SELECT snapshot_after FROM _replicate_watermarks WHERE target = '"
                + target + "'");
        return rows.isEmpty() || rows.get(0).get(0) == null ? null : rows.get(0).get(0).toString();
    }

    protected static String storedWatermark(Path replica, String target) {
        List<List<Object>> rows = sqlite(replica, "SELECT last_value FROM _replicate_watermarks WHERE target = '"
                + target + "'");
        return rows.isEmpty() || rows.get(0).get(0) == null ? null : rows.get(0).get(0).toString();
    }

    protected static void assertIntegrityOk(Path replica) {
        assertEquals(List.of(List.of("ok")), sqlite(replica, "PRAGMA integrity_check"), "PRAGMA integrity_check");
    }

    /** Rows of the replica count; 0 while the file or the table does not exist yet. */
    protected static long countOrZero(Path replica, String table) {
        if (!Files.exists(replica)) {
            return 0;
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + replica, readOnly());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return 0;
            }
            throw new IllegalStateException("cannot read the replica: " + e.getMessage(), e);
        }
    }

    private static Properties readOnly() {
        Properties properties = new Properties();
        properties.setProperty("open_mode", "1");
        return properties;
    }

    /** A query on the replica, as an application would run it; values as SQLite returns them. */
    protected static List<List<Object>> sqlite(Path replica, String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + replica, readOnly());
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    Object value = rs.getObject(i + 1);
                    row[i] = value instanceof Integer n ? Long.valueOf(n) : value;
                }
                rows.add(Arrays.asList(row));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("replica query failed: " + e.getMessage() + " in " + sql, e);
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
