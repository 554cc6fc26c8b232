package dev.replicate.source.jdbc;

import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.RowDigest;
import dev.replicate.source.RowDigests;
import dev.replicate.source.SourceColumn;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The verify queries every JDBC source shares, built from its {@link DigestSql}: a range's digest in
 * one aggregate query when every column's canonical text can be built in SQL, else streamed (keys,
 * the SQL part of each row's digest, and the other columns' values through the column readers) and
 * summed here; and a range's rows one by one.
 */
final class JdbcDigests {
    private static final int FETCH_SIZE = 2000;
    private final JdbcSource source;
    private final DigestSql sql;
    private final DigestRequest request;
    private final List<Boolean> inSql = new ArrayList<>();
    private final List<SourceColumn> inJava = new ArrayList<>();
    private final String sqlPart;

    JdbcDigests(JdbcSource source, DigestSql sql, DigestRequest request) {
        this.source = source;
        this.sql = sql;
        this.request = request;
        List<String> parts = new ArrayList<>();
        for (SourceColumn column : request.columns()) {
            Optional<String> canonical = sql.canonical(column, source.quote(column.name()));
            inSql.add(canonical.isPresent());
            canonical.ifPresentOrElse(parts::add, () -> inJava.add(column));
        }
        sqlPart = sql.md5(parts.isEmpty() ? "''" : sql.concat(parts));
    }

    List<Boolean> inSql() {
        return inSql;
    }

    RangeDigest rangeDigest(KeyRange range) throws SQLException {
        if (!inJava.isEmpty()) {
            RangeDigest[] sum = {RangeDigest.EMPTY};
            stream(range, true, row -> sum[0] = sum[0].plus(row.digest()));
            return sum[0];
        }
        String query = "SELECT " + sql.sums("d") + " FROM (SELECT " + sql.md5(sqlPart) + " AS d FROM "
                + source.qualified(request.table().name()) + " WHERE " + rangeCondition(range) + " AND " + expected()
                + ") digested";
        try (PreparedStatement statement = source.connection.prepareStatement(query)) {
            int next = bindRange(statement, 1, range);
            bindCursor(statement, next);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new RangeDigest(rs.getLong(1), low64(rs.getBigDecimal(2)), low64(rs.getBigDecimal(3)));
            }
        } finally {
            source.endStatement();
        }
    }

    /** The sum modulo 2^64, as Java's long addition wraps; NULL (no row) is 0. */
    private static long low64(BigDecimal sum) {
        return sum == null ? 0 : sum.toBigInteger().longValue();
    }

    /**
     * Streams the range's rows in key order: only the expected ones with {@code expectedOnly}, else all
     * with their state.
     */
    void stream(KeyRange range, boolean expectedOnly, Consumer<RowDigest> rows) throws SQLException {
        String table = source.qualified(request.table().name());
        List<SourceColumn> key = request.key();
        StringBuilder query = new StringBuilder("SELECT ");
        for (SourceColumn column : key) {
            query.append(source.positionExpression(column)).append(", ");
        }
        query.append(sqlPart);
        for (SourceColumn column : inJava) {
            query.append(", ").append(source.jdbcColumn(column).selectExpression());
        }
        if (!expectedOnly) {
            query.append(", ").append(state());
        }
        query.append(" FROM ").append(table).append(" WHERE ").append(rangeCondition(range));
        if (expectedOnly) {
            query.append(" AND ").append(expected());
        }
        query.append(" ORDER BY ").append(keyOrder(table));
        PreparedStatement statement = source.prepareStreaming(query.toString(), FETCH_SIZE);
        try {
            int next = 1;
            if (!expectedOnly) {
                bindCursor(statement, next++);
                bindCursor(statement, next++);
            }
            next = bindRange(statement, next, range);
            if (expectedOnly) {
                bindCursor(statement, next);
            }
            List<ColumnReader> readers = inJava.stream().map(c -> source.jdbcColumn(c).reader()).toList();
            int width = key.size();
            try (ResultSet rs = statement.executeQuery()) {
                Object[] values = new Object[readers.size()];
                while (rs.next()) {
                    Object[] rowKey = new Object[width];
                    for (int k = 0; k < width; k++) {
                        rowKey[k] = source.readPosition(rs, k + 1, key.get(k).watermarkKind().orElseThrow());
                    }
                    String part = rs.getString(width + 1);
                    for (int i = 0; i < values.length; i++) {
                        values[i] = readers.get(i).read(rs, width + i + 2);
                    }
                    RowDigest.State state = expectedOnly ? RowDigest.State.EXPECTED
                            : RowDigest.State.of(rs.getInt(width + values.length + 2));
                    rows.accept(new RowDigest(Arrays.asList(rowKey), RowDigests.row(part, values), state));
                }
            }
        } finally {
            try {
                statement.close();
            } finally {
                source.endStream(source.connection, statement);
            }
        }
    }

    /**
     * The query of {@link JdbcSource#readExpected}: the stored columns as the reads select them, of the
     * range's expected rows, in key order; its parameters are bound by {@link #bindExpected}.
     */
    String expectedQuery(KeyRange range) throws SQLException {
        String table = source.qualified(request.table().name());
        String select = request.columns().stream().map(c -> source.jdbcColumn(c).selectExpression())
                .collect(Collectors.joining(", "));
        return "SELECT " + select + " FROM " + table + " WHERE " + rangeCondition(range) + " AND " + expected()
                + " ORDER BY " + keyOrder(table);
    }

    void bindExpected(PreparedStatement statement, KeyRange range) throws SQLException {
        bindCursor(statement, bindRange(statement, 1, range));
    }

    /** The key columns as they are compared, qualified (a select expression may keep a column's name). */
    private String keyOrder(String table) {
        return request.key().stream().map(c -> compared(table + "." + source.quote(c.name()), c))
                .collect(Collectors.joining(", "));
    }

    private String compared(String column, SourceColumn keyColumn) {
        return sql.comparedKey(column, DigestRequest.text(keyColumn));
    }

    /**
     * The keys of the range, compared as the replica compares them: a one-column key by itself, a longer
     * one as a row value, {@code (a, b) > (?, ?)}, which every supported database and SQLite compare
     * column by column. Its first column is bounded on its own as well (implied by the row value, which
     * not every database takes from an index), so that a range reads only its stretch of the key's index.
     */
    private String rangeCondition(KeyRange range) {
        List<String> conditions = new ArrayList<>();
        range.after().ifPresent(a -> bound(conditions, ">"));
        range.upTo().ifPresent(u -> bound(conditions, "<="));
        return conditions.isEmpty() ? "1 = 1" : String.join(" AND ", conditions);
    }

    private void bound(List<String> conditions, String operator) {
        List<SourceColumn> key = request.key();
        List<String> columns = key.stream().map(c -> compared(source.quote(c.name()), c)).toList();
        List<String> parameters = key.stream().map(c -> sql.keyParameter(DigestRequest.text(c))).toList();
        if (key.size() == 1) {
            conditions.add(columns.get(0) + " " + operator + " " + parameters.get(0));
            return;
        }
        conditions.add(columns.get(0) + " " + (operator.equals(">") ? ">=" : "<=") + " " + parameters.get(0));
        conditions.add("(" + String.join(", ", columns) + ") " + operator + " (" + String.join(", ", parameters) + ")");
    }

    /** Binds the range's bounds in the order {@link #rangeCondition} names them. */
    private int bindRange(PreparedStatement statement, int index, KeyRange range) throws SQLException {
        for (Optional<List<Object>> bound : List.of(range.after(), range.upTo())) {
            if (bound.isPresent()) {
                if (request.key().size() > 1) {
                    index = bindKeyValue(statement, index, 0, bound.get());
                }
                for (int k = 0; k < request.key().size(); k++) {
                    index = bindKeyValue(statement, index, k, bound.get());
                }
            }
        }
        return index;
    }

    private int bindKeyValue(PreparedStatement statement, int index, int column, List<Object> key) throws SQLException {
        source.bindPosition(statement, index, request.key().get(column).watermarkKind().orElseThrow(), key.get(column));
        return index + 1;
    }

    private void bindCursor(PreparedStatement statement, int index) throws SQLException {
        source.bindPosition(statement, index, request.watermark().watermarkKind().orElseThrow(), request.cursor());
    }

    /** Passed by the cursor: a finite watermark at or below it. */
    private String replicated() throws SQLException {
        String watermark = source.quote(request.watermark().name());
        return "(" + watermark + " IS NOT NULL"
                + source.finiteRange(request.watermark()).map(f -> " AND " + f.finite(watermark)).orElse("")
                + " AND " + watermark + " <= ?)";
    }

    /** The replica should hold the row: read already, within the filter, not soft-deleted. */
    private String expected() throws SQLException {
        StringBuilder condition = new StringBuilder(replicated());
        request.where().ifPresent(w -> condition.append(" AND (").append(w).append(')'));
        request.softDelete().ifPresent(c -> condition.append(" AND NOT ")
                .append(sql.softDeleted(source.quote(c.name()), request.softDeleteFlag())));
        return condition.toString();
    }

    /** The row's {@link RowDigest.State} as its number. */
    private String state() throws SQLException {
        StringBuilder state = new StringBuilder("CASE WHEN NOT ").append(replicated()).append(" THEN 1");
        request.where().ifPresent(w -> state.append(" WHEN NOT COALESCE((").append(w).append("), FALSE) THEN 2"));
        request.softDelete().ifPresent(c -> state.append(" WHEN ")
                .append(sql.softDeleted(source.quote(c.name()), request.softDeleteFlag())).append(" THEN 3"));
        return state.append(" WHEN ").append(source.quote(request.watermark().name())).append(" = ? THEN 4")
                .append(" ELSE 0 END").toString();
    }
}
