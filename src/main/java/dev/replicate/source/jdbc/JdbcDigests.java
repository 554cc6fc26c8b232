package dev.replicate.source.jdbc;

import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.RowDigest;
import dev.replicate.source.RowDigests;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.WatermarkKind;
import dev.replicate.source.CanonicalText;
import java.security.MessageDigest;
import java.sql.Statement;
import java.util.HexFormat;
import org.tinylog.Logger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The verify queries every JDBC source shares, built from its {@link DigestSql}: a range's digest in
 * one aggregate query over the columns whose canonical text SQL builds, and, when there are others,
 * their values streamed through the column readers and hashed here; and a range's rows one by one.
 */
final class JdbcDigests {
    private static final int FETCH_SIZE = 2000;
    private final JdbcSource source;
    private final DigestSql sql;
    private final DigestRequest request;
    private final List<Boolean> inSql = new ArrayList<>();
    private final List<SourceColumn> inJava = new ArrayList<>();
    /** The canonical text of a row's SQL columns. */
    private final String sqlText;
    /** Its md5, as each row's SQL part. */
    private final String sqlPart;
    private boolean sessionReady;
    private boolean logged;

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
        sqlText = parts.isEmpty() ? "''" : sql.concat(parts);
        sqlPart = sql.md5(sqlText);
    }

    List<Boolean> inSql() {
        return inSql;
    }

    DigestRequest request() {
        return request;
    }

    RangeDigest rangeDigest(KeyRange range) throws SQLException {
        String table = source.qualified(request.table().name());
        String key = sql.comparedKey(table + "." + source.quote(request.key().name()), request.textKey());
        // The rows' texts in a subquery, in key order (read so through the key's index); their md5 above it.
        String ordered = source.quote("replicate_k");
        String texts = source.quote("replicate_t");
        String query = "SELECT " + sql.rangeDigest(texts, ordered) + " FROM (SELECT " + key + " AS " + ordered + ", "
                + sqlText + " AS " + texts + " FROM " + table + " WHERE " + rangeCondition(range) + " AND " + expected()
                + " ORDER BY " + ordered + ") " + source.quote("replicate_d");
        long rows;
        byte[] sqlDigest;
        if (!logged) {
            Logger.debug("verify's range query: {}", query);
            logged = true;
        }
        setUpSession();
        try (PreparedStatement statement = source.connection.prepareStatement(query)) {
            source.planEachRun(statement);
            int next = bindRange(statement, 1, range);
            bindCursor(statement, next);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                rows = rs.getLong(1);
                sqlDigest = HexFormat.of().parseHex(rs.getString(2));
            }
        } finally {
            source.endStatement();
        }
        if (inJava.isEmpty()) {
            return RangeDigest.of(rows, sqlDigest, null);
        }
        MessageDigest javaPart = RowDigests.md5();
        CanonicalText text = new CanonicalText();
        streamJavaColumns(range, values -> {
            text.clear();
            for (Object value : values) {
                text.value(value);
            }
            text.feed(javaPart);
        });
        return RangeDigest.of(rows, sqlDigest, javaPart.digest());
    }

    private void setUpSession() throws SQLException {
        List<String> setup = sql.sessionSetup();
        if (setup.isEmpty() || sessionReady) {
            return;
        }
        try (Statement statement = source.connection.createStatement()) {
            for (String line : setup) {
                statement.execute(line);
            }
        } finally {
            source.endStatement();
        }
        sessionReady = true;
    }

    /** The Java columns' values of the range's expected rows, in key order. */
    private void streamJavaColumns(KeyRange range, Consumer<Object[]> rows) throws SQLException {
        String table = source.qualified(request.table().name());
        String key = source.quote(request.key().name());
        StringBuilder query = new StringBuilder("SELECT ");
        for (int i = 0; i < inJava.size(); i++) {
            query.append(i == 0 ? "" : ", ").append(source.jdbcColumn(inJava.get(i)).selectExpression());
        }
        query.append(" FROM ").append(table).append(" WHERE ").append(rangeCondition(range)).append(" AND ")
                .append(expected()).append(" ORDER BY ").append(sql.comparedKey(table + "." + key, request.textKey()));
        PreparedStatement statement = source.prepareStreaming(query.toString(), FETCH_SIZE);
        try {
            source.planEachRun(statement);
            bindCursor(statement, bindRange(statement, 1, range));
            List<ColumnReader> readers = inJava.stream().map(c -> source.jdbcColumn(c).reader()).toList();
            try (ResultSet rs = statement.executeQuery()) {
                Object[] values = new Object[readers.size()];
                while (rs.next()) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = readers.get(i).read(rs, i + 1);
                    }
                    rows.accept(values);
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

    /** Streams the range's rows in key order, each with its state, expected or not. */
    void stream(KeyRange range, Consumer<RowDigest> rows) throws SQLException {
        String table = source.qualified(request.table().name());
        String key = source.quote(request.key().name());
        StringBuilder query = new StringBuilder("SELECT ").append(source.positionExpression(request.key()))
                .append(", ").append(sqlPart);
        for (SourceColumn column : inJava) {
            query.append(", ").append(source.jdbcColumn(column).selectExpression());
        }
        query.append(", ").append(state());
        query.append(" FROM ").append(table).append(" WHERE ").append(rangeCondition(range));
        query.append(" ORDER BY ").append(sql.comparedKey(table + "." + key, request.textKey()));
        PreparedStatement statement = source.prepareStreaming(query.toString(), FETCH_SIZE);
        try {
            source.planEachRun(statement);
            bindCursor(statement, 1);
            bindCursor(statement, 2);
            bindRange(statement, 3, range);
            List<ColumnReader> readers = inJava.stream().map(c -> source.jdbcColumn(c).reader()).toList();
            WatermarkKind kind = request.key().watermarkKind().orElseThrow();
            CanonicalText text = new CanonicalText();
            MessageDigest md5 = RowDigests.md5();
            try (ResultSet rs = statement.executeQuery()) {
                Object[] values = new Object[readers.size()];
                while (rs.next()) {
                    Object rowKey = source.readPosition(rs, 1, kind);
                    String part = rs.getString(2);
                    for (int i = 0; i < values.length; i++) {
                        values[i] = readers.get(i).read(rs, i + 3);
                    }
                    RowDigest.State state = RowDigest.State.of(rs.getInt(values.length + 3));
                    rows.accept(new RowDigest(rowKey, RowDigests.row(part, values, text, md5), state));
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
