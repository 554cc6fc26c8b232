package dev.replicate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SqliteType#keptExactlyIn} against SQLite itself: each kind's awkward values are stored in
 * columns of each declared type, read back, and compared (type and value) with what went in.
 */
class SqliteTypeTest {
    /**
     * Not -0.0: SQLite keeps no negative zero even in a REAL column (it stores integral doubles as
     * integers), so its sign is lost whatever the column; that is no matter of a changed type.
     */
    private static final Map<SqliteType, List<Object>> SAMPLES = Map.of(
            SqliteType.INTEGER, List.of(0L, 7L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1),
            SqliteType.REAL, List.of(1.5, 2.0, 0.1 + 0.2, 1e300, Double.MIN_VALUE, 9007199254740993.0),
            SqliteType.TEXT, List.of("007", "1e3", " 5", "1.50", "x", "", "2024-01-01 10:00:00"),
            SqliteType.BLOB, List.of(new byte[] {1, 2}, new byte[0], "007".getBytes()));

    /** The types replicate declares, and a few a hand-made table might have (each affinity once at least). */
    private static final List<String> DECLARED = List.of("INTEGER", "REAL", "TEXT", "BLOB", "NUMERIC", "",
            "BIGINT", "VARCHAR(10)", "DATETIME", "DECIMAL(10,2)", "DOUBLE PRECISION", "FLOATING POINT");

    @Test
    void keptExactlyInSaysWhatSqliteDoes() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            List<String> wrong = new ArrayList<>();
            for (String declared : DECLARED) {
                for (SqliteType type : SqliteType.values()) {
                    boolean exact = roundTrips(connection, declared, SAMPLES.get(type));
                    if (exact != type.keptExactlyIn(declared)) {
                        wrong.add(type + " in " + (declared.isEmpty() ? "(no type)" : declared) + ": SQLite "
                                + (exact ? "keeps" : "converts") + " it");
                    }
                }
            }
            assertEquals(List.of(), wrong);
        }
    }

    @Test
    void theAffinityOfADeclaredTypeFollowsSqlitesRules() {
        assertEquals(SqliteType.INTEGER, SqliteType.affinityOf("FLOATING POINT"), "INT comes first, as in SQLite");
        assertEquals(SqliteType.TEXT, SqliteType.affinityOf("varchar(10)"));
        assertEquals(SqliteType.BLOB, SqliteType.affinityOf(""));
        assertEquals(SqliteType.REAL, SqliteType.affinityOf("double"));
        assertEquals(SqliteType.INTEGER, SqliteType.affinityOf("NUMERIC"));
    }

    private static boolean roundTrips(Connection connection, String declared, List<Object> values) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS t");
            statement.execute("CREATE TABLE t (v " + declared + ")");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            for (Object value : values) {
                if (value instanceof Long n) {
                    insert.setLong(1, n);
                } else if (value instanceof Double d) {
                    insert.setDouble(1, d);
                } else if (value instanceof String s) {
                    insert.setString(1, s);
                } else {
                    insert.setBytes(1, (byte[]) value);
                }
                insert.executeUpdate();
            }
        }
        List<Object> back = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT typeof(v), v FROM t ORDER BY rowid")) {
            while (rs.next()) {
                back.add(switch (rs.getString(1)) {
                    case "integer" -> rs.getLong(2);
                    case "real" -> rs.getDouble(2);
                    case "text" -> rs.getString(2);
                    default -> rs.getBytes(2);
                });
            }
        }
        for (int i = 0; i < values.size(); i++) {
            Object in = values.get(i);
            Object out = back.get(i);
            boolean same = in instanceof byte[] bytes ? out instanceof byte[] o && Arrays.equals(bytes, o) : in.equals(out);
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
