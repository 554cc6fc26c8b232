package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upsert leaves a row alone when none of its values differs (SqliteSql#upsert): a re-read of
 * unchanged rows writes nothing, every real difference is written, and what the table then holds is
 * exactly what writing every row would have left, for every affinity a column can have. The rows
 * counted as changed are the rows written.
 */
class UnchangedRowsTest {
    /**
     * A table of every affinity, made as a user might have: INTEGER, REAL, TEXT, none (BLOB and no
     * type), NUMERIC, and a text column that compares without case.
     */
    private static final String CREATE = "CREATE TABLE %s (id INTEGER NOT NULL, i INTEGER, r REAL, t TEXT, b BLOB, u,"
            + " n NUMERIC, c TEXT COLLATE NOCASE, PRIMARY KEY (id))";
    private static final List<String> NAMES = List.of("id", "i", "r", "t", "b", "u", "n", "c");
    private static final List<SourceColumn> COLUMNS = List.of(
            column("id", SqliteType.INTEGER), column("i", SqliteType.INTEGER), column("r", SqliteType.REAL),
            column("t", SqliteType.TEXT), column("b", SqliteType.BLOB), column("u", SqliteType.BLOB),
            column("n", SqliteType.INTEGER), column("c", SqliteType.TEXT));
    /** Writing every row, as the upsert did before it compared values. */
    private static final String REWRITE = "INSERT INTO ref (id, i, r, t, b, u, n, c) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET i = excluded.i, r = excluded.r, t = excluded.t, b = excluded.b,"
            + " u = excluded.u, n = excluded.n, c = excluded.c";

    @TempDir
    Path folder;

    private static SourceColumn column(String name, SqliteType type) {
        return new SourceColumn(name, type.name().toLowerCase(), type, Optional.empty());
    }

    @Test
    void theColumnsWithoutAffinityAreKnown() throws Exception {
        try (Replica replica = Replica.openForWriting(folder.resolve("affinity.db"))) {
            assertEquals(Set.of("b", "u"), prepare(replica, "t").untyped(), "declared BLOB, and without a type");
            assertEquals(Set.of("b", "u"), TargetTable.prepare(replica, "made", COLUMNS, List.of("id")).untyped(),
                    "made BLOB for bytes");
        }
    }

    /**
     * Rows read again as they are change nothing: no row counted, no change in SQLite's own count,
     * nothing committed that another connection could see, and no page added to the write-ahead log.
     */
    @Test
    void aReReadOfUnchangedRowsWritesNothing() throws Exception {
        for (WriteSettings settings : List.of(WriteSettings.DEFAULT, new WriteSettings(false))) {
            Path file = folder.resolve("reread-" + settings.direct() + ".db");
            List<Object[]> rows = unchangingRows();
            try (Replica replica = Replica.openForWriting(file);
                 Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                TargetTable table = prepare(replica, "t");
                assertEquals(rows.size(), write(replica, table, settings, rows), "a first write inserts every row");
                long changesBefore = totalChanges(replica);
                long versionBefore = dataVersion(reader);
                Path wal = file.resolveSibling(file.getFileName() + "-wal");
                long walBefore = Files.size(wal);

                assertEquals(0, write(replica, table, settings, rows), "rows read again unchanged: " + settings);

                assertEquals(changesBefore, totalChanges(replica), "SQLite changed no row");
                assertEquals(versionBefore, dataVersion(reader), "nothing committed that a reader could see");
                assertEquals(walBefore, Files.size(wal), "no page written to the log");
            }
        }
    }

    /**
     * One value differing in one column is written, and counted; an equal one is not. Each case starts
     * from a row holding the old value, and the row then holds exactly what a fresh insert of the new
     * value stores (for the cases left alone too: they are stored alike).
     */
    @Test
    void aValueThatDiffersInOneColumnIsWrittenAndOnlyThen() throws Exception {
        record Case(String column, Object old, Object now, boolean written) {
        }
        List<Case> cases = List.of(
                new Case("t", "a", "A", true),
                new Case("c", "a", "A", true), // the column compares without case; the value still differs
                new Case("t", "a", "a ", true),
                new Case("t", null, "", true),
                new Case("t", "", null, true),
                new Case("t", "same", "same", false),
                new Case("t", 1L, "1", false), // TEXT affinity stores the integer 1 as '1'
                new Case("i", 1L, null, true),
                new Case("i", null, 0L, true),
                new Case("i", null, null, false),
                new Case("i", 7L, 7L, false),
                new Case("i", "1", 1L, false), // INTEGER affinity stores '1' as 1
                new Case("i", 9007199254740993L, 9007199254740992L, true),
                new Case("r", 1.0, 1L, false), // REAL affinity stores 1 as 1.0
                new Case("r", 0.0, -0.0, false), // and -0.0 as 0: SQLite keeps no negative zero there
                new Case("r", 1.0, Math.nextUp(1.0), true),
                new Case("r", Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false),
                new Case("r", Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, true),
                new Case("r", Double.NaN, Double.NaN, false), // bound as the text NaN
                new Case("r", Double.NaN, null, true),
                new Case("n", 2.0, 2L, false), // NUMERIC stores 2.0 as 2
                new Case("n", 2.5, 2L, true),
                new Case("b", new byte[] {1, 2}, new byte[] {1, 2}, false),
                new Case("b", new byte[] {1, 2}, new byte[] {1, 3}, true),
                new Case("b", new byte[] {}, null, true),
                new Case("b", new byte[] {'a'}, "a", true), // a blob and a text of the same bytes
                new Case("b", 1L, 1.0, true), // no affinity: the integer 1 and the double 1.0 are kept apart
                new Case("b", 1.0, 1L, true),
                new Case("b", 0.0, -0.0, true), // and so are 0.0 and -0.0
                new Case("u", -0.0, 0.0, true),
                new Case("u", "1", 1L, true),
                new Case("u", 1L, 1L, false),
                new Case("u", 2.5, 2.5, false));
        try (Replica replica = Replica.openForWriting(folder.resolve("cases.db"))) {
            TargetTable table = prepare(replica, "t");
            int column;
            long id = 0;
            for (Case c : cases) {
                column = NAMES.indexOf(c.column());
                Object[] old = new Object[NAMES.size()];
                Object[] now = new Object[NAMES.size()];
                old[0] = now[0] = ++id;
                old[column] = c.old();
                now[column] = c.now();
                Object[] fresh = now.clone();
                fresh[0] = -id;
                write(replica, table, WriteSettings.DEFAULT, List.of(old, fresh));
                String what = c.column() + ": " + show(c.old()) + " -> " + show(c.now());
                assertEquals(c.written() ? 1 : 0, write(replica, table, WriteSettings.DEFAULT, List.<Object[]>of(now)), what);
                assertEquals(stored(replica, "t", -id).get(column), stored(replica, "t", id).get(column),
                        what + ": holds what a fresh insert stores");
            }
        }
    }

    /**
     * The comparison of every column is one expression: a table of 1,500 columns (PostgreSQL allows
     * 1,600) must not pass SQLite's limit on an expression's depth (1,000), as a chain of ORs would.
     */
    @Test
    void aTableOfManyColumnsIsWrittenAndLeftAloneAlike() throws Exception {
        int width = 1_500;
        List<SourceColumn> columns = new ArrayList<>();
        columns.add(column("id", SqliteType.INTEGER));
        for (int c = 1; c < width; c++) {
            columns.add(column("c" + c, c % 3 == 0 ? SqliteType.BLOB : SqliteType.TEXT));
        }
        try (Replica replica = Replica.openForWriting(folder.resolve("wide.db"))) {
            TargetTable table = TargetTable.prepare(replica, "wide", columns, List.of("id"));
            List<Object[]> rows = new ArrayList<>();
            for (long id = 1; id <= 50; id++) {
                Object[] row = new Object[width];
                row[0] = id;
                for (int c = 1; c < width; c++) {
                    row[c] = c % 3 == 0 ? new byte[] {(byte) c} : "v" + c;
                }
                rows.add(row);
            }
            assertEquals(50, write(replica, table, WriteSettings.DEFAULT, rows));
            assertEquals(0, write(replica, table, WriteSettings.DEFAULT, rows), "unchanged");
            rows.get(7)[width - 1] = "changed";
            assertEquals(1, write(replica, table, WriteSettings.DEFAULT, rows), "the last column differs in one row");
            try (Statement statement = replica.connection().createStatement();
                 ResultSet rs = statement.executeQuery("SELECT \"c" + (width - 1) + "\" FROM wide WHERE id = 8")) {
                rs.next();
                assertEquals("changed", rs.getString(1));
            }
        }
    }

    /**
     * Random rows over a few keys, from values chosen to collide across storage classes and
     * affinities, through both write paths: what the table holds after each page is exactly what
     * writing every row leaves, and the rows counted are those whose stored values changed (or, in a
     * column without affinity, were given a double zero, which SQL cannot tell from its negative).
     */
    @Test
    void whatIsLeftAloneIsExactlyWhatWritingEveryRowWouldHaveLeft() throws Exception {
        Object[] pool = {null, 0L, 1L, -1L, 2L, Long.MAX_VALUE, 9007199254740993L, 0.0, -0.0, 1.0, 2.0, 2.5,
            9007199254740992.0, Double.POSITIVE_INFINITY, Double.NaN, "", "1", "1.0", "2", "a", "A", "a ", "NaN",
            new byte[0], new byte[] {'1'}, new byte[] {'a'}, new byte[] {0}, new byte[] {'A'}};
        for (WriteSettings settings : List.of(WriteSettings.DEFAULT, new WriteSettings(false))) {
            Random random = new Random(17);
            try (Replica replica = Replica.openForWriting(folder.resolve("random-" + settings.direct() + ".db"))) {
                TargetTable table = prepare(replica, "t");
                try (Statement statement = replica.connection().createStatement()) {
                    statement.execute(String.format(CREATE, "ref"));
                }
                java.util.Map<Long, Object[]> last = new java.util.HashMap<>();
                try (PreparedStatement rewrite = replica.connection().prepareStatement(REWRITE)) {
                    for (int page = 0; page < 60; page++) {
                        List<Object[]> rows = new ArrayList<>();
                        long expected = 0;
                        for (int r = 0; r < 50; r++) {
                            long key = random.nextInt(12);
                            // Mostly the row the key holds, as a re-read brings it, or with one value changed.
                            Object[] row = last.containsKey(key) && random.nextInt(4) > 0 ? last.get(key).clone()
                                    : new Object[NAMES.size()];
                            row[0] = key;
                            int changes = row[1] == null && !last.containsKey(key) ? row.length - 1 : random.nextInt(2);
                            for (int n = 0; n < changes; n++) {
                                row[1 + random.nextInt(row.length - 1)] = pool[random.nextInt(pool.length)];
                            }
                            last.put(key, row);
                            rows.add(row);
                            List<String> before = stored(replica, "ref", (Long) row[0]);
                            for (int c = 0; c < row.length; c++) {
                                PageWriter.bind(new JdbcParameters(rewrite), c + 1, row[c]);
                            }
                            rewrite.executeUpdate();
                            boolean zeroUntyped = isZero(row[4]) || isZero(row[5]);
                            if (!before.equals(stored(replica, "ref", (Long) row[0])) || (!before.isEmpty() && zeroUntyped)) {
                                expected++;
                            }
                        }
                        assertEquals(expected, write(replica, table, settings, rows), "page " + page + ", " + settings);
                        assertEquals(dump(replica, "ref"), dump(replica, "t"), "page " + page + ", " + settings);
                    }
                }
            }
        }
    }

    private static boolean isZero(Object value) {
        return value instanceof Double d && d == 0.0;
    }

    private static TargetTable prepare(Replica replica, String name) throws Exception {
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute(String.format(CREATE, name));
        }
        replica.commit();
        return TargetTable.prepare(replica, name, COLUMNS, List.of("id"));
    }

    /** Writes the rows through a page writer and commits; returns the rows counted as changed. */
    private static long write(Replica replica, TargetTable table, WriteSettings settings, List<Object[]> rows)
            throws SQLException {
        long changed;
        try (PageWriter writer = new PageWriter(replica, table, settings)) {
            for (Object[] row : rows) {
                writer.add(row, null);
            }
            changed = writer.flush();
        }
        replica.commit();
        return changed;
    }

    /** Values without a double zero in the columns without affinity, which are always written (see SqliteSql#differs). */
    private static List<Object[]> unchangingRows() {
        List<Object[]> rows = new ArrayList<>();
        Random random = new Random(3);
        for (long id = 1; id <= 100; id++) {
            byte[] bytes = new byte[random.nextInt(3000)];
            random.nextBytes(bytes);
            Object[] values = {null, id, -id, Long.MIN_VALUE, 1.5, -0.0, Double.NEGATIVE_INFINITY, Double.NaN,
                "text " + id, "", "x".repeat(20_000), bytes, new byte[0]};
            rows.add(new Object[] {id, values[(int) (id % 4)], values[4 + (int) (id % 4)], values[8 + (int) (id % 3)],
                values[11 + (int) (id % 2)], values[(int) (id % 13)] instanceof Double d && d == 0.0 ? null
                    : values[(int) (id % 13)], values[(int) ((id + 5) % 8)], "Name " + id});
        }
        return rows;
    }

    private static long totalChanges(Replica replica) throws SQLException {
        try (Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT total_changes()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long dataVersion(Connection reader) throws SQLException {
        try (Statement statement = reader.createStatement(); ResultSet rs = statement.executeQuery("PRAGMA data_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every row, in key order, each value as its storage class and exact content. */
    private static List<List<String>> dump(Replica replica, String table) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(stored(replica, table, rs.getLong(1)));
            }
        }
        return rows;
    }

    /** A row's values as stored (the storage class, and the exact bits of a double), or empty when absent. */
    private static List<String> stored(Replica replica, String table, long id) throws SQLException {
        StringBuilder select = new StringBuilder("SELECT ");
        for (String name : NAMES) {
            select.append("typeof(").append(name).append("), ").append(name).append(", ");
        }
        select.setLength(select.length() - 2);
        try (PreparedStatement statement = replica.connection().prepareStatement(select + " FROM " + table + " WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
                List<String> values = new ArrayList<>();
                for (int c = 0; c < NAMES.size(); c++) {
                    String type = rs.getString(2 * c + 1);
                    int value = 2 * c + 2;
                    values.add(type + ":" + switch (type) {
                        case "integer" -> String.valueOf(rs.getLong(value));
                        case "real" -> Long.toHexString(Double.doubleToRawLongBits(rs.getDouble(value)));
                        case "text" -> rs.getString(value);
                        case "blob" -> HexFormat.of().formatHex(rs.getBytes(value));
                        default -> "";
                    });
                }
                return values;
            }
        }
    }

    private static String show(Object value) {
        return value instanceof byte[] bytes ? Arrays.toString(bytes) : value instanceof String s ? "'" + s + "'"
                : String.valueOf(value);
    }

    /** Binds as PageWriter does, into a plain JDBC statement, for the reference table. */
    private record JdbcParameters(PreparedStatement statement) implements UpsertStatement {
        @Override
        public void bindNull(int index) throws SQLException {
            statement.setNull(index, java.sql.Types.NULL);
        }

        @Override
        public void bindLong(int index, long value) throws SQLException {
            statement.setLong(index, value);
        }

        @Override
        public void bindDouble(int index, double value) throws SQLException {
            statement.setDouble(index, value);
        }

        @Override
        public void bindText(int index, String value) throws SQLException {
            statement.setString(index, value);
        }

        @Override
        public void bindBlob(int index, byte[] value) throws SQLException {
            statement.setBytes(index, value);
        }

        @Override
        public void execute() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flush() {
        }

        @Override
        public long takeChanges() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
