package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The two ways of driving an upsert store exactly the same values, and fail the same way; the direct
 * one is what a run uses with this sqlite-jdbc.
 */
class UpsertStatementTest {
    private static final String CREATE = "CREATE TABLE t (id INTEGER NOT NULL, i INTEGER, r REAL, s TEXT, b BLOB,"
            + " PRIMARY KEY (id))";
    private static final String UPSERT = SqliteSql.upsert("t", List.of("id", "i", "r", "s", "b"), List.of("id"));

    @TempDir
    Path folder;

    @Test
    void theDirectPathIsAvailableWithThisSqliteJdbc() throws Exception {
        try (Replica replica = Replica.openForWriting(folder.resolve("direct.db"))) {
            Optional<UpsertStatement> statement = DirectUpsert.prepare(replica.connection(), "SELECT ?");
            assertTrue(statement.isPresent(), "sqlite-jdbc's native binding methods are reachable");
            statement.get().close();
        }
    }

    @Test
    void bothPathsStoreTheSameValues() throws Exception {
        List<Object[]> rows = edgeRows();
        assertEquals(dump(folder.resolve("jdbc.db"), rows, false), dump(folder.resolve("direct.db"), rows, true));
    }

    @Test
    void bothPathsFailWithSqlitesOwnErrorCode() throws Exception {
        String upsert = SqliteSql.upsert("f", List.of("id", "v"), List.of("id"));
        for (boolean direct : new boolean[] {false, true}) {
            try (Replica replica = Replica.openForWriting(folder.resolve(direct + "-fail.db"))) {
                try (Statement statement = replica.connection().createStatement()) {
                    statement.execute("CREATE TABLE f (id INTEGER NOT NULL, v TEXT NOT NULL, PRIMARY KEY (id))");
                }
                Connection connection = replica.connection();
                try (UpsertStatement statement = direct
                        ? DirectUpsert.prepare(connection, upsert).orElseThrow() : new JdbcUpsert(connection, upsert, 1)) {
                    statement.bindLong(1, 1);
                    statement.bindNull(2);
                    SQLException failure = assertThrows(SQLException.class, () -> {
                        statement.execute();
                        statement.flush();
                    });
                    SQLiteException sqlite = assertInstanceOf(SQLiteException.class, failure);
                    assertEquals(SQLiteErrorCode.SQLITE_CONSTRAINT_NOTNULL, sqlite.getResultCode(), "direct=" + direct);
                    // the statement is usable again after a failure
                    statement.bindText(2, "fine");
                    statement.execute();
                    statement.flush();
                }
                replica.commit();
            }
        }
    }

    @Test
    void aClosedDirectStatementRefusesInsteadOfReachingFreedMemory() throws Exception {
        try (Replica replica = Replica.openForWriting(folder.resolve("closed.db"))) {
            create(replica);
            UpsertStatement statement = open(replica, true);
            statement.close();
            assertThrows(SQLException.class, () -> statement.bindLong(1, 1));
            assertThrows(SQLException.class, statement::execute);
        }
    }

    /** The direct path steps statements itself: they must still run inside the page's transaction. */
    @Test
    void directlyWrittenRowsStayInvisibleUntilTheCommit() throws Exception {
        Path file = folder.resolve("visible.db");
        try (Replica replica = Replica.openForWriting(file)) {
            create(replica);
            replica.commit();
            try (UpsertStatement statement = open(replica, true)) {
                for (long id = 1; id <= 40; id++) {
                    PageWriter.bind(statement, 1, id);
                    for (int i = 2; i <= 5; i++) {
                        statement.bindNull(i);
                    }
                    statement.execute();
                }
            }
            assertEquals(0L, dev.replicate.testing.ReplicaReader.count(file, "t"), "nothing before the commit");
            replica.commit();
            assertEquals(40L, dev.replicate.testing.ReplicaReader.count(file, "t"));
        }
    }

    /** Each write setting takes its own path, in one JVM and without a system property. */
    @Test
    void theWriteSettingsChooseThePathOfEachPageWriter() throws Exception {
        int n = 0;
        for (WriteSettings settings : List.of(new WriteSettings(false), WriteSettings.DEFAULT, new WriteSettings(false))) {
            assertEquals(settings.direct(), writeThroughPageWriter(folder.resolve("settings-" + n++ + ".db"), settings),
                    settings::toString);
        }
    }

    @Test
    void thePageWriterKeepsRowOrderAcrossGroupsAndLeftovers() throws Exception {
        try (Replica replica = Replica.openForWriting(folder.resolve("order.db"))) {
            List<SourceColumn> columns = List.of(
                    new SourceColumn("id", "bigint", SqliteType.INTEGER, Optional.empty()),
                    new SourceColumn("v", "text", SqliteType.TEXT, Optional.empty()));
            TargetTable table = TargetTable.prepare(replica, "t", columns, List.of("id"));
            try (PageWriter writer = new PageWriter(replica, table, WriteSettings.DEFAULT)) {
                // 100 rows over 7 keys: the last row of each key must win, whether it went in a
                // 32-row group or among the leftovers of the flush.
                for (int n = 0; n < 100; n++) {
                    writer.add(new Object[] {(long) (n % 7), "row " + n}, null);
                }
                writer.flush();
            }
            replica.commit();
            try (Statement statement = replica.connection().createStatement();
                 ResultSet rs = statement.executeQuery("SELECT id, v FROM t ORDER BY id")) {
                for (int key = 0; key < 7; key++) {
                    assertTrue(rs.next());
                    int last = key + 7 * ((99 - key) / 7);
                    assertEquals("row " + last, rs.getString(2), "key " + key);
                }
            }
        }
    }

    /**
     * Pages of a few rows, then one of more than a group, then a few again, on each path: the group's
     * statement is prepared only when a group fills (a small page never needs it), and every page's
     * rows, and its count of rows changed, are the same whichever statement took them.
     */
    @Test
    void pagesSmallerAndLargerThanAGroupAreWrittenAlikeOnEitherPath() throws Exception {
        for (WriteSettings settings : List.of(WriteSettings.DEFAULT, new WriteSettings(false))) {
            try (Replica replica = Replica.openForWriting(folder.resolve("pages-" + settings.direct() + ".db"))) {
                List<SourceColumn> columns = List.of(
                        new SourceColumn("id", "bigint", SqliteType.INTEGER, Optional.empty()),
                        new SourceColumn("v", "text", SqliteType.TEXT, Optional.empty()));
                TargetTable table = TargetTable.prepare(replica, "t", columns, List.of("id"));
                try (PageWriter writer = new PageWriter(replica, table, settings)) {
                    List<Long> changed = new ArrayList<>();
                    int[][] pages = {{0, 5}, {0, 5}, {3, 43}, {40, 45}, {0, 45}};
                    for (int p = 0; p < pages.length; p++) {
                        for (int id = pages[p][0]; id < pages[p][1]; id++) {
                            // The second page repeats the first unchanged; the fourth adds 43 and 44; the last changes 40-44.
                            String v = p == 4 && id >= 40 ? "last" : p >= 2 && id >= 3 ? "page 2" : "page 0";
                            writer.add(new Object[] {(long) id, v}, null);
                        }
                        changed.add(writer.flush());
                        replica.commit();
                    }
                    assertEquals(List.of(5L, 0L, 40L, 2L, 5L), changed, settings::toString);
                }
                try (Statement statement = replica.connection().createStatement();
                     ResultSet rs = statement.executeQuery("SELECT id, v FROM t ORDER BY id")) {
                    for (int id = 0; id < 45; id++) {
                        assertTrue(rs.next());
                        assertEquals(id, rs.getLong(1));
                        assertEquals(id >= 40 ? "last" : id >= 3 ? "page 2" : "page 0", rs.getString(2), "id " + id);
                    }
                    assertFalse(rs.next());
                }
            }
        }
    }

    /**
     * A sqlite-jdbc that lacks (or changed) any internal the direct path calls makes the first call
     * fail with a LinkageError: wherever that is, the page writer must fall back to JDBC and write the
     * rows, not let the error escape into the sync. The probe's hook throws at each stage in turn.
     */
    @Test
    void aMissingInternalOfSqliteJdbcAnywhereFallsBackToJdbc() throws Exception {
        List<String> stages = new ArrayList<>();
        DirectUpsert.probeHook(stages::add);
        try {
            writeThroughPageWriter(folder.resolve("stages.db"), WriteSettings.DEFAULT);
        } finally {
            DirectUpsert.probeHook(stage -> { });
        }
        assertEquals(List.of("CoreStatement.getDatabase", "CoreStatement.pointer", "NativeDB.bind_*",
                "NativeDB.changes", "NativeDB.step, reset, throwex"), stages, "every stage is probed, once");
        for (String missing : stages) {
            DirectUpsert.probeHook(stage -> {
                if (stage.equals(missing)) {
                    throw new NoSuchMethodError("simulated: " + stage);
                }
            });
            try {
                assertFalse(writeThroughPageWriter(folder.resolve("missing-" + missing.hashCode() + ".db"),
                        WriteSettings.DEFAULT), "fell back to JDBC");
            } finally {
                DirectUpsert.probeHook(stage -> { });
            }
        }
    }

    /** Writes 100 rows through a page writer and checks they are there; returns whether it drove them directly. */
    private static boolean writeThroughPageWriter(Path file, WriteSettings settings) throws Exception {
        boolean direct;
        try (Replica replica = Replica.openForWriting(file)) {
            List<SourceColumn> columns = List.of(
                    new SourceColumn("id", "bigint", SqliteType.INTEGER, Optional.empty()),
                    new SourceColumn("v", "text", SqliteType.TEXT, Optional.empty()));
            TargetTable table = TargetTable.prepare(replica, "t", columns, List.of("id"));
            try (PageWriter writer = new PageWriter(replica, table, settings)) {
                direct = writer.drivesDirectly();
                for (int n = 0; n < 100; n++) {
                    writer.add(new Object[] {(long) n, "row " + n}, null);
                }
                writer.flush();
            }
            replica.commit();
        }
        assertEquals(100L, dev.replicate.testing.ReplicaReader.count(file, "t"), file::toString);
        return direct;
    }

    @Test
    void aNewFileGetsLargePages() throws Exception {
        try (Replica replica = Replica.openForWriting(folder.resolve("pages.db"));
             Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA page_size")) {
            rs.next();
            assertEquals(Replica.PAGE_SIZE, rs.getInt(1));
        }
    }

    /** Each row written, then the whole table as SQLite holds it: types and exact text. */
    private String dump(Path file, List<Object[]> rows, boolean direct) throws Exception {
        try (Replica replica = Replica.openForWriting(file)) {
            create(replica);
            try (UpsertStatement statement = open(replica, direct)) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        PageWriter.bind(statement, i + 1, row[i]);
                    }
                    statement.execute();
                }
                statement.flush();
            }
            replica.commit();
            StringBuilder out = new StringBuilder();
            try (Statement statement = replica.connection().createStatement();
                 ResultSet rs = statement.executeQuery("SELECT id, typeof(i), quote(i), typeof(r), quote(r),"
                         + " printf('%!.17g', r), typeof(s), hex(s), typeof(b), hex(b) FROM t ORDER BY id")) {
                while (rs.next()) {
                    for (int c = 1; c <= 10; c++) {
                        out.append(rs.getString(c)).append('|');
                    }
                    out.append('\n');
                }
            }
            assertEquals(rows.size() - 1, out.chars().filter(ch -> ch == '\n').count(), "one key repeats");
            return out.toString();
        }
    }

    private static void create(Replica replica) throws SQLException {
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute(CREATE);
        }
    }

    private static UpsertStatement open(Replica replica, boolean direct) throws SQLException {
        Connection connection = replica.connection();
        return direct ? DirectUpsert.prepare(connection, UPSERT).orElseThrow() : new JdbcUpsert(connection, UPSERT, 1);
    }

    /** Edge values in every column, then random ones; the last row updates the first. */
    private static List<Object[]> edgeRows() {
        List<Object[]> rows = new ArrayList<>();
        Object[] longs = {0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, null};
        Object[] doubles = {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NaN, 0.1, null};
        Object[] texts = {"", "plain", "tab\tnew\nline", "nul\0inside", "ünïcødé €", "emoji \uD83D\uDE00",
                "lone \uD800 surrogate", "x".repeat(100_000), null};
        Object[] blobs = {new byte[0], new byte[] {0, -1, 127, -128}, new byte[70_000], null};
        int size = Math.max(Math.max(longs.length, doubles.length), Math.max(texts.length, blobs.length));
        long id = 1;
        for (int n = 0; n < size; n++) {
            rows.add(new Object[] {id++, longs[n % longs.length], doubles[n % doubles.length],
                    texts[n % texts.length], blobs[n % blobs.length]});
        }
        Random random = new Random(5);
        for (int n = 0; n < 500; n++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(30); c > 0; c--) {
                text.appendCodePoint(random.nextInt(0x10FFFF + 1 - 0x800) + (random.nextBoolean() ? 0 : 0x800) & 0x10FFFF);
            }
            rows.add(new Object[] {id++, random.nextLong(), Double.longBitsToDouble(random.nextLong()),
                    text.toString(), bytes});
        }
        rows.add(new Object[] {1L, 42L, 4.2, "updated", new byte[] {4, 2}});
        return rows;
    }
}
