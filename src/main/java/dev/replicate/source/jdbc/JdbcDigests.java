package dev.replicate.source.jdbc;

import dev.replicate.log.Log;
import dev.replicate.source.CanonicalText;
import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.RowDigest;
import dev.replicate.source.RowDigests;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.WatermarkKind;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

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
    /** What the queries read FROM: the table, or a query entry's query as a derived table. */
    private final String from;
    /** What columns of {@link #from} are qualified with: the table's name, or the query's alias. */
    private final String table;
    private boolean sessionReady;
    private boolean logged;

    JdbcDigests(JdbcSource source, DigestSql sql, DigestRequest request) {
        this.source = source;
        this.sql = sql;
        this.request = request;
        this.from = source.from(request.table());
        this.table = source.qualifier(request.table());
        List<String> parts = new ArrayList<>();
        for (SourceColumn column : request.columns()) {
            Optional<String> canonical = sql.canonical(column, source.quote(column.name()));
            inSql.add(canonical.isPresent());
            canonical.ifPresentOrElse(parts::add, () -> inJava.add(column));
        }
        sqlText = parts.isEmpty() ? sql.emptyText() : sql.concat(parts);
        sqlPart = sql.md5(sqlText);
    }

    List<Boolean> inSql() {
        return inSql;
    }

    DigestRequest request() {
        return request;
    }

    RangeDigest rangeDigest(KeyRange range) throws SQLException {
        String query = rangeQuery(range);
        long rows;
        byte[] sqlDigest;
        if (!logged) {
            Log.debug("verify's range query: {}", query);
            logged = true;
        }
        setUpSession();
        try (PreparedStatement statement = source.connection.prepareStatement(query)) {
            source.planEachRun(statement);
            bindRangeQuery(statement, range);
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

    /**
     * The query of {@link #rangeDigest}: the rows' texts in a subquery, in key order (read so through the
     * key's index, when the key is compared as itself); their digest above it. Its parameters are bound
     * by {@link #bindRangeQuery}.
     */
    String rangeQuery(KeyRange range) throws SQLException {
        List<String> keyColumns = new ArrayList<>();
        List<String> selectedKey = new ArrayList<>();
        for (int k = 0; k < request.key().size(); k++) {
            SourceColumn column = request.key().get(k);
            String name = source.quote("replicate_k" + k);
            keyColumns.add(name);
            selectedKey.add(compared(table + "." + source.quote(column.name()), column) + " AS " + name);
        }
        String ordered = String.join(", ", keyColumns);
        String texts = source.quote("replicate_t");
        return "SELECT " + sql.rangeDigest(texts, ordered) + " FROM (SELECT " + String.join(", ", selectedKey)
                + ", " + sqlText + " AS " + texts + " FROM " + from + " WHERE " + rangeCondition(range) + " AND "
                + expected() + " ORDER BY " + ordered + ") " + source.quote("replicate_d");
    }

    void bindRangeQuery(PreparedStatement statement, KeyRange range) throws SQLException {
        bindCursor(statement, bindRange(statement, 1, range));
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
        StringBuilder query = new StringBuilder("SELECT ");
        for (int i = 0; i < inJava.size(); i++) {
            query.append(i == 0 ? "" : ", ").append(source.jdbcColumn(inJava.get(i)).selectExpression());
        }
        query.append(" FROM ").append(from).append(" WHERE ").append(rangeCondition(range)).append(" AND ")
                .append(expected()).append(" ORDER BY ").append(keyOrder(table));
        streaming(query.toString(), (statement, execution) -> {
            source.planEachRun(statement);
            bindCursor(statement, bindRange(statement, 1, range));
            List<ColumnReader> readers = inJava.stream().map(c -> source.jdbcColumn(c).reader()).toList();
            ResultSet rs = execution.executeQuery();
            Object[] values = new Object[readers.size()];
            while (rs.next()) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = readers.get(i).read(rs, i + 1);
                }
                rows.accept(values);
            }
            return rs;
        });
    }

    /**
     * Runs {@code read} on a streaming statement of {@code query}, which reads the result it runs the statement for
     * and gives it back, and ends the stream as a read's ends ({@link StreamEnd#open}, {@link StreamEnd#end}): should
     * the read fail, after an Error (an OutOfMemoryError in a row of megabytes) or the server's silence the
     * connection is given up instead: the driver may have stopped mid-message, and Connector/J's close of a streaming
     * result would wait there for the rest of the rows for good; after a silence Connector/J kept the stream
     * registered, refusing every later statement, the connection passing for usable, and pgjdbc's closing of it made
     * the end fail with "This connection has been closed", which replaced the silence. After any other failure (the
     * rows' consumer threw) the stream is ended, and Connector/J's close of the result reads the rest of its rows:
     * should that meet a silence or a cut, the connection is given up too, the read's failure still the one told.
     * verify opens a fresh connection for the source's next table.
     */
    private void streaming(String query, StreamEnd.Opening<ResultSet> read) throws SQLException {
        PreparedStatement statement = source.prepareStreaming(query, FETCH_SIZE);
        ResultSet result = StreamEnd.open(source, statement, read);
        StreamEnd.end(source, source.connection, statement, result, null);
    }

    /**
     * The row's checksum came back NULL, which the SQL never gives for a value (a NULL column is a tag of
     * its own): MySQL's and MariaDB's CONCAT give NULL, with no more than a warning, for a text longer than
     * the server's max_allowed_packet (16 MiB by default), and a row of large texts passes it.
     */
    private static SQLException tooLargeToChecksum(Object[] rowKey) {
        return new SQLException("the row (" + Arrays.stream(rowKey).map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")) + ") is too large for the server to checksum: the"
                + " text of its values passes the server's max_allowed_packet, past which MySQL's CONCAT gives NULL;"
                + " raise it (SET GLOBAL max_allowed_packet = 1073741824, the most) to verify this table");
    }

    /** Streams the range's rows in key order, each with its state, expected or not. */
    void stream(KeyRange range, Consumer<RowDigest> rows) throws SQLException {
        List<SourceColumn> key = request.key();
        StringBuilder query = new StringBuilder("SELECT ");
        for (SourceColumn column : key) {
            // A date or time cut at its stored text is read as that text, as a run reads it.
            query.append(request.cutAtStoredText(column) ? source.jdbcColumn(column).selectExpression()
                    : source.positionExpression(column)).append(", ");
        }
        query.append(sqlPart);
        for (SourceColumn column : inJava) {
            query.append(", ").append(source.jdbcColumn(column).selectExpression());
        }
        query.append(", ").append(state());
        query.append(" FROM ").append(from).append(" WHERE ").append(rangeCondition(range));
        query.append(" ORDER BY ").append(keyOrder(table));
        streaming(query.toString(), (statement, execution) -> {
            source.planEachRun(statement);
            bindRange(statement, bindCursor(statement, bindCursor(statement, 1)), range);
            List<ColumnReader> readers = inJava.stream().map(c -> source.jdbcColumn(c).reader()).toList();
            int width = key.size();
            ColumnReader[] keyReaders = new ColumnReader[width];
            for (int k = 0; k < width; k++) {
                SourceColumn column = key.get(k);
                WatermarkKind kind = request.cutAtStoredText(column) ? null : DigestRequest.keyKind(column);
                keyReaders[k] = kind == null ? source.jdbcColumn(column).reader()
                        : (rs, index) -> source.readPosition(rs, index, kind);
            }
            CanonicalText text = new CanonicalText();
            MessageDigest md5 = RowDigests.md5();
            ResultSet rs = execution.executeQuery();
            Object[] values = new Object[readers.size()];
            while (rs.next()) {
                Object[] rowKey = new Object[width];
                for (int k = 0; k < width; k++) {
                    rowKey[k] = keyReaders[k].read(rs, k + 1);
                }
                String part = rs.getString(width + 1);
                if (part == null) {
                    throw tooLargeToChecksum(rowKey);
                }
                for (int i = 0; i < values.length; i++) {
                    values[i] = readers.get(i).read(rs, width + i + 2);
                }
                RowDigest.State state = RowDigest.State.of(rs.getInt(width + values.length + 2));
                rows.accept(new RowDigest(Arrays.asList(rowKey), RowDigests.row(part, values, text, md5), state));
            }
            return rs;
        });
    }

    /**
     * The query of {@link JdbcSource#readExpected}: the stored columns as the reads select them, of the
     * range's expected rows, in key order; its parameters are bound by {@link #bindExpected}.
     */
    String expectedQuery(KeyRange range) throws SQLException {
        String select = request.columns().stream().map(c -> source.jdbcColumn(c).selectExpression())
                .collect(Collectors.joining(", "));
        return "SELECT " + select + " FROM " + from + " WHERE " + rangeCondition(range) + " AND " + expected()
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
        return sql.comparedKey(keyColumn, column);
    }

    /** Whether each value of {@code key} can bound a range at the source (see {@link DigestSql#bound}). */
    boolean bound(List<Object> key) {
        for (int k = 0; k < key.size(); k++) {
            SourceColumn column = request.key().get(k);
            if (request.cutAtStoredText(column) ? !(key.get(k) instanceof String text && storedTextKeys().bound(column,
                    text)) : !sql.bound(column, key.get(k))) {
                return false;
            }
        }
        return true;
    }

    private StoredTextKeys storedTextKeys() {
        return source.storedTextKeys().orElseThrow();
    }

    /** A key parameter: a stored text cast back to its column's type (see StoredTextKeys), else the SQL's own. */
    private String keyParameter(SourceColumn keyColumn) {
        return request.cutAtStoredText(keyColumn) ? storedTextKeys().parameter(keyColumn).orElseThrow()
                : sql.keyParameter(keyColumn);
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
        List<String> parameters = key.stream().map(this::keyParameter).toList();
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
        SourceColumn keyColumn = request.key().get(column);
        // A stored text, which the parameter's SQL casts back to the column's type.
        source.bindPosition(statement, index, request.cutAtStoredText(keyColumn) ? WatermarkKind.TEXT
                : DigestRequest.keyKind(keyColumn), key.get(column));
        return index + 1;
    }

    /** Binds the cursor, if the request has one (see {@link #replicated}); returns the next index. */
    private int bindCursor(PreparedStatement statement, int index) throws SQLException {
        if (!request.bounded()) {
            return index;
        }
        source.bindPosition(statement, index, request.watermark().watermarkKind().orElseThrow(), request.cursor());
        return index + 1;
    }

    /** Passed by the cursor: a finite watermark at or below it; every row of a full table. */
    private String replicated() throws SQLException {
        if (!request.bounded()) {
            return "(1 = 1)";
        }
        String watermark = source.quote(request.watermark().name());
        return "(" + watermark + " IS NOT NULL"
                + source.finiteRange(request.watermark()).map(f -> " AND " + f.finite(watermark)).orElse("")
                + " AND " + watermark + " <= " + cursorParameter() + ")";
    }

    private String cursorParameter() throws SQLException {
        return source.positionParameter(request.watermark().watermarkKind().orElseThrow());
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
        if (request.bounded()) {
            state.append(" WHEN ").append(source.quote(request.watermark().name())).append(" = ")
                    .append(cursorParameter()).append(" THEN 4");
        }
        return state.append(" ELSE 0 END").toString();
    }
}
