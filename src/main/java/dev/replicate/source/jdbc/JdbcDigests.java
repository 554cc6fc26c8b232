package dev.replicate.source.jdbc;

import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.RowDigest;
import dev.replicate.source.RowDigests;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.WatermarkKind;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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
        String key = source.quote(request.key().name());
        StringBuilder query = new StringBuilder("SELECT ").append(source.positionExpression(request.key()))
                .append(", ").append(sqlPart);
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
        query.append(" ORDER BY ").append(sql.comparedKey(table + "." + key, request.textKey()));
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
            WatermarkKind kind = request.key().watermarkKind().orElseThrow();
            try (ResultSet rs = statement.executeQuery()) {
                Object[] values = new Object[readers.size()];
                while (rs.next()) {
                    Object rowKey = source.readPosition(rs, 1, kind);
                    String part = rs.getString(2);
                    for (int i = 0; i < values.length; i++) {
                        values[i] = readers.get(i).read(rs, i + 3);
                    }
                    RowDigest.State state = expectedOnly ? RowDigest.State.EXPECTED
                            : RowDigest.State.of(rs.getInt(values.length + 3));
                    rows.accept(new RowDigest(rowKey, RowDigests.row(part, values), state));
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
                .collect(java.util.stream.Collectors.joining(", "));
        return "SELECT " + select + " FROM " + table + " WHERE " + rangeCondition(range) + " AND " + expected()
                + " ORDER BY " + sql.comparedKey(table + "." + source.quote(request.key().name()), request.textKey());
    }

    void bindExpected(PreparedStatement statement, KeyRange range) throws SQLException {
        bindCursor(statement, bindRange(statement, 1, range));
    }

    /** The keys of the range, compared as the replica compares them. */
    private String rangeCondition(KeyRange range) {
        String key = sql.comparedKey(source.quote(request.key().name()), request.textKey());
        String parameter = sql.keyParameter(request.textKey());
        List<String> conditions = new ArrayList<>();
        range.after().ifPresent(a -> conditions.add(key + " > " + parameter));
        range.upTo().ifPresent(u -> conditions.add(key + " <= " + parameter));
        return conditions.isEmpty() ? "1 = 1" : String.join(" AND ", conditions);
    }

    private int bindRange(PreparedStatement statement, int index, KeyRange range) throws SQLException {
        WatermarkKind kind = request.key().watermarkKind().orElseThrow();
        if (range.after().isPresent()) {
            source.bindPosition(statement, index++, kind, range.after().get());
        }
        if (range.upTo().isPresent()) {
            source.bindPosition(statement, index++, kind, range.upTo().get());
        }
        return index;
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
