package dev.replicate.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the SQLite replica the way a user's application would: plain JDBC, plain SQL. */
public final class ReplicaReader {
    private ReplicaReader() {
    }

    /** Changes the replica by hand, as a user with the sqlite3 shell would (dropping a state table, say). */
    public static void edit(Path database, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Rows as lists of values (Long, Double, String, byte[] or null), in the query's order. */
    public static List<List<Object>> query(Path database, String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof Integer n ? Long.valueOf(n) : value);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("replica query failed: " + e.getMessage() + " in " + sql, e);
        }
    }

    public static Object single(Path database, String sql) {
        List<List<Object>> rows = query(database, sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one value from " + sql + " but got " + rows);
        }
        return rows.get(0).get(0);
    }

    public static long count(Path database, String table) {
        return ((Number) single(database, "SELECT count(*) FROM \"" + table + "\"")).longValue();
    }
}
