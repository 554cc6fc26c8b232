package dev.replicate.sync;

import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.RowDigests;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.SqliteSql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The replica's side of {@code verify}: the digests of the values SQLite holds, computed in Java as
 * {@link RowDigests} defines them (SQLite has no md5; streaming the stored values through one
 * MessageDigest is also simpler than an application-defined function, and as fast: the rows are read
 * once either way). Keys compare as SQLite compares them: integers as numbers, text by its bytes
 * (BINARY), a key of more columns as a row value, column by column; which is how the source is told to
 * compare them too. A key is the list of its columns' values (see {@link KeyRange}).
 */
final class ReplicaDigests {
    private final Replica replica;
    private final String table;
    /** The key columns, quoted, comma-separated: what the queries order by and select first. */
    private final String key;
    private final int keyWidth;
    private final String select;
    private final boolean[] inSql;

    /**
     * @param columns the stored columns, in the source's order
     * @param inSql   for each, whether the source digests it in SQL (see RowDigests: its text goes in the
     *                first md5)
     */
    ReplicaDigests(Replica replica, String table, List<String> key, List<String> columns, List<Boolean> inSql) {
        this.replica = replica;
        this.table = SqliteSql.quote(table);
        this.key = key.stream().map(SqliteSql::quote).collect(Collectors.joining(", "));
        this.keyWidth = key.size();
        this.select = columns.stream().map(SqliteSql::quote).collect(Collectors.joining(", "));
        this.inSql = new boolean[inSql.size()];
        for (int i = 0; i < inSql.size(); i++) {
            this.inSql[i] = inSql.get(i);
        }
    }

    /** The digest of the range's rows. */
    RangeDigest rangeDigest(KeyRange range) throws SQLException {
        RangeDigest[] sum = {RangeDigest.EMPTY};
        rows(range, (rowKey, digest) -> sum[0] = sum[0].plus(digest));
        return sum[0];
    }

    /** The range's rows, key to digest, in key order. */
    Map<List<Object>, String> rowDigests(KeyRange range) throws SQLException {
        Map<List<Object>, String> rows = new LinkedHashMap<>();
        rows(range, rows::put);
        return rows;
    }

    private interface RowSink {
        void accept(List<Object> key, String digest);
    }

    private void rows(KeyRange range, RowSink sink) throws SQLException {
        String sql = "SELECT " + key + ", " + select + " FROM " + table + where(range) + " ORDER BY " + key;
        try (PreparedStatement statement = replica.connection().prepareStatement(sql)) {
            bind(statement, range);
            try (ResultSet rs = statement.executeQuery()) {
                int javaCount = 0;
                for (boolean b : inSql) {
                    javaCount += b ? 0 : 1;
                }
                Object[] javaValues = new Object[javaCount];
                StringBuilder sqlText = new StringBuilder();
                while (rs.next()) {
                    sqlText.setLength(0);
                    int j = 0;
                    for (int i = 0; i < inSql.length; i++) {
                        Object value = rs.getObject(i + keyWidth + 1);
                        if (inSql[i]) {
                            RowDigests.append(sqlText, value);
                        } else {
                            javaValues[j++] = value;
                        }
                    }
                    sink.accept(key(rs), RowDigests.row(RowDigests.md5(sqlText), javaValues));
                }
            }
        }
    }

    /**
     * Keys that cut the range into about {@code parts} ranges of as many rows each: the upper bounds of
     * all but the last (whose upper bound is the range's).
     */
    List<List<Object>> splitKeys(KeyRange range, int parts) throws SQLException {
        List<List<Object>> keys = new ArrayList<>();
        String sql = "SELECT " + key + " FROM " + table + where(range) + " ORDER BY " + key;
        try (PreparedStatement statement = replica.connection().prepareStatement(sql)) {
            bind(statement, range);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    keys.add(key(rs));
                }
            }
        }
        List<List<Object>> bounds = new ArrayList<>();
        int step = Math.max(1, (keys.size() + parts - 1) / parts);
        for (int i = step - 1; i < keys.size() - 1; i += step) {
            bounds.add(keys.get(i));
        }
        return bounds;
    }

    /** Every {@code step}-th key of the whole table: the upper bounds of the first ranges. */
    List<List<Object>> everyNthKey(int step) throws SQLException {
        List<List<Object>> bounds = new ArrayList<>();
        try (PreparedStatement statement = replica.connection().prepareStatement(
                "SELECT " + key + " FROM " + table + " ORDER BY " + key);
             ResultSet rs = statement.executeQuery()) {
            long row = 0;
            while (rs.next()) {
                if (++row % step == 0) {
                    bounds.add(key(rs));
                }
            }
        }
        return bounds;
    }

    /** How many rows the table holds. */
    long rows() throws SQLException {
        try (PreparedStatement statement = replica.connection().prepareStatement("SELECT count(*) FROM " + table);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The key of the current row, from the first columns of the result. */
    private List<Object> key(ResultSet rs) throws SQLException {
        Object[] key = new Object[keyWidth];
        for (int k = 0; k < keyWidth; k++) {
            key[k] = StoredBytes.keyValue(rs, k + 1, normalKey(rs.getObject(k + 1)));
        }
        return Arrays.asList(key);
    }

    /** Integer keys as Long, whatever width the driver picked; text as String. */
    static Object normalKey(Object key) {
        return key instanceof Number n && !(key instanceof Double) ? (Object) n.longValue() : key;
    }

    /** As the source's range condition (JdbcDigests), a row value for a key of more columns. */
    private String where(KeyRange range) {
        String tuple = keyWidth == 1 ? key : "(" + key + ")";
        String parameters = keyWidth == 1 ? "?" : "(" + String.join(", ", java.util.Collections.nCopies(keyWidth, "?"))
                + ")";
        List<String> conditions = new ArrayList<>();
        range.after().ifPresent(a -> conditions.add(tuple + " > " + parameters));
        range.upTo().ifPresent(u -> conditions.add(tuple + " <= " + parameters));
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void bind(PreparedStatement statement, KeyRange range) throws SQLException {
        int index = 1;
        for (Optional<List<Object>> bound : List.of(range.after(), range.upTo())) {
            if (bound.isPresent()) {
                for (Object value : bound.get()) {
                    statement.setObject(index++, value);
                }
            }
        }
    }
}
