package dev.replicate.source.postgres;

import dev.replicate.source.ReadRequest;
import dev.replicate.source.RowStream;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.SourceQuery;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.TemporalText;
import dev.replicate.source.TimeBound;
import dev.replicate.source.UnreadableWatermarks;
import dev.replicate.source.WatermarkCount;
import dev.replicate.source.WatermarkKind;
import dev.replicate.source.WholeRead;
import dev.replicate.source.jdbc.JdbcColumn;
import dev.replicate.source.jdbc.JdbcSource;
import dev.replicate.source.jdbc.KeyBlockQuery;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.postgresql.jdbc.TimestampUtils;

/**
 * A PostgreSQL database, read through COPY or a fetch-size cursor ({@link PostgresReadSettings}):
 * reflection is {@link PostgresCatalog}'s, how each column is read {@link PostgresColumnReaders}'.
 */
final class PostgresSource extends JdbcSource {

    /** Whether numeric has infinities (PostgreSQL 14 and newer), once known. */
    private Boolean numericInfinity;

    private final PostgresCatalog catalog;
    private final PostgresReadSettings settings;

    PostgresSource(Connection connection, PostgresReadSettings settings) {
        super(connection, "public");
        this.catalog = new PostgresCatalog(connection);
        this.settings = settings;
    }

    @Override
    public boolean singlePrecision(SourceColumn column) {
        return PostgresTypes.category(column.sourceType()).equals("real");
    }

    /** A SELECT on a parent table reads its inheritance children's rows too, under a key that holds for its own only. */
    @Override
    public Optional<String> repeatedKeyCause() {
        return Optional.of("a table whose inheritance children repeat its keys (replicate the parent alone with a"
                + " \"query\" on FROM ONLY parent)");
    }

    /**
     * numeric's NaN (and, from version 14, its ±Infinity), and the ±infinity of date, timestamp and
     * timestamptz. NaN sorts after Infinity, so a numeric before version 14 is finite below 'NaN'.
     * (float and double are not watermarks.)
     */
    @Override
    protected Optional<FiniteRange> finiteRange(SourceColumn watermark) throws SQLException {
        return switch (watermark.watermarkKind().orElseThrow()) {
            case DECIMAL -> {
                if (numericInfinity == null) {
                    // pgjdbc knows the version from the connection's start: no round trip.
                    numericInfinity = connection.getMetaData().getDatabaseMajorVersion() >= 14;
                }
                yield Optional.of(numericInfinity ? new FiniteRange(Optional.of("'-Infinity'"), "'Infinity'")
                        : new FiniteRange(Optional.empty(), "'NaN'"));
            }
            case DATE, TIMESTAMP, TIMESTAMPTZ -> Optional.of(new FiniteRange(Optional.of("'-infinity'"), "'infinity'"));
            default -> Optional.empty();
        };
    }

    /**
     * Text whose equal values may be spelt otherwise: citext, an unlimited character ('k' and 'k '),
     * and a nondeterministic collation's (ICU's case-insensitive ones, say), as the reflection tells
     * ({@link SourceColumn#tiesSpeltAlike}, from PostgresCatalog, so the read asks the catalog nothing); a
     * query's column, whose collation no catalog tells, too. Deterministic collations break ties by the
     * bytes, so equal values are spelt alike and the read keeps its index order: a sort there cost a
     * keyless read of 300,000 rows 160-260 ms against 20-50 ms (an incremental sort; before PostgreSQL
     * 13, a sort of the whole read). "C" orders the exact text by its bytes.
     */
    @Override
    protected Optional<String> exactOrder(TableSchema table, SourceColumn watermark, String qualified) {
        if (!watermark.watermarkKind().equals(Optional.of(WatermarkKind.TEXT)) || watermark.bytewise()) {
            return Optional.empty();
        }
        boolean looser = table.query().isPresent() || !watermark.tiesSpeltAlike();
        return looser ? Optional.of(PostgresTypes.exactText(watermark.sourceType(), qualified) + " COLLATE \"C\"")
                : Optional.empty();
    }

    /**
     * query_canceled by the statement_timeout (not by a cancel request: the same SQLSTATE, other words). The
     * session setup lifts one the server or the database sets, so one that cancels a statement is the role's
     * or the URL's (PostgresConnector). The role's may be set for every database or for this one alone (ALTER
     * ROLE ... IN DATABASE ... SET), which the role's RESET leaves in place: both are named, with the login's
     * user name and database (pgjdbc knows both without asking the server).
     */
    @Override
    protected Optional<TimeBound> timeBound(SQLException failure) {
        if ("57014".equals(failure.getSQLState()) && String.valueOf(failure.getMessage()).contains("statement timeout")) {
            String role = loginName(() -> connection.getMetaData().getUserName(), "<its role>");
            String database = loginName(connection::getCatalog, "<its database>");
            return Optional.of(new TimeBound("statement_timeout", "that replicate's login sets (replicate lifts one"
                    + " the server or the database sets for every application, and keeps the login's own)",
                    "ALTER ROLE " + role + " RESET statement_timeout, and ALTER ROLE " + role + " IN DATABASE "
                            + database + " RESET statement_timeout where it was set for this database alone, and no"
                            + " options=-c statement_timeout=... in the conn's URL"));
        }
        return Optional.empty();
    }

    private interface Name {
        String get() throws SQLException;
    }

    private String loginName(Name name, String unknown) {
        try {
            String value = name.get();
            return value == null || value.isEmpty() ? unknown : quote(value);
        } catch (SQLException e) {
            return unknown;
        }
    }

    /** lock_not_available: a lock_timeout (or a NOWAIT) gave up. */
    @Override
    protected boolean lockWaitTimedOut(SQLException failure) {
        return "55P03".equals(failure.getSQLState());
    }

    @Override
    public boolean spellsAlike(String before, String after) {
        return PostgresTypes.spelling(before).equals(PostgresTypes.spelling(after));
    }

    @Override
    protected String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * The planner's row count; -1 (PostgreSQL 14+) or 0 before the table was first analysed. None for a
     * query: its planner estimate can be off by orders of magnitude (a join, a filter), and an ETA built
     * on it would mislead more than none.
     */
    @Override
    public OptionalLong estimatedRows(TableSchema table) throws SQLException {
        if (table.query().isPresent()) {
            return OptionalLong.empty();
        }
        return queryAboutTable("SELECT reltuples::bigint FROM pg_class"
                        + " WHERE oid = to_regclass(quote_ident(?) || '.' || quote_ident(?))",
                table.name(), rs -> rs.getLong(1)).filter(rows -> rows > 0).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * Not a table with inheritance children: their rows are read with the parent's, and its primary
     * key does not cover them, so a key could come twice. (A partitioned table's key covers every
     * partition.)
     */
    @Override
    public boolean readsInKeyOrder(TableSchema table, SourceColumn key) throws SQLException {
        if (table.query().isPresent()) {
            // A query's key is the configuration's word, backed by no unique index, and its rows come
            // in key order only after a sort of the whole result: the first sync reads by watermark.
            return false;
        }
        return queryAboutTable("SELECT relkind = 'p' OR NOT relhassubclass FROM pg_class"
                        + " WHERE oid = to_regclass(quote_ident(?) || '.' || quote_ident(?))",
                table.name(), rs -> rs.getBoolean(1)).orElse(false);
    }

    /** The clock when the statement runs (now() would be the transaction's start). */
    @Override
    protected Optional<String> clockQuery() {
        return Optional.of("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint");
    }

    /** A setting as this source's session has it, as text (for tests and diagnostics). */
    String sessionSetting(String name) throws SQLException {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a setting's name: " + name);
        }
        try (java.sql.Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Many tables' counts in one round trip: {@link PostgresBatchCounts}. */
    @Override
    public Optional<List<UnreadableWatermarks>> countUnreadableWatermarks(List<WatermarkCount> counts)
            throws SQLException {
        List<String> queries = new java.util.ArrayList<>();
        for (WatermarkCount count : counts) {
            queries.add(unreadableQuery(count.table(), count.watermark(), count.where()));
        }
        return queries.isEmpty() ? Optional.empty() : Optional.of(PostgresBatchCounts.count(connection, queries));
    }

    /** Yes: integer columns are read with getLong (readLong), as readPosition reads INTEGER. */
    @Override
    protected boolean integerPositionIsColumnValue() {
        return true;
    }

    /**
     * Text as an untyped parameter, as the COPY literal is: pgjdbc would send a string as varchar,
     * and {@code citext_column > $1} or {@code bpchar_column > $1} would then compare as text while
     * ORDER BY uses the column's own type (the fetch-size fallback, {@link PostgresReadSettings#FETCH_SIZE}).
     */
    @Override
    protected void bindPosition(PreparedStatement statement, int index, WatermarkKind kind, Object value)
            throws SQLException {
        if (kind == WatermarkKind.TEXT) {
            statement.setObject(index, value, java.sql.Types.OTHER);
        } else {
            super.bindPosition(statement, index, kind, value);
        }
    }

    @Override
    protected TableSchema reflectResolved(TableName table) throws SQLException, SourceException {
        return catalog.reflect(table);
    }

    @Override
    protected Map<TableName, TableSchema> reflectResolved(List<TableName> tables) throws SQLException {
        return catalog.reflect(tables);
    }

    @Override
    protected List<SourceColumn> queryColumns(ResultSetMetaData metadata, SourceQuery query)
            throws SQLException, SourceException {
        return PostgresQueryColumns.columns(connection, metadata, query);
    }

    @Override
    protected JdbcColumn jdbcColumn(SourceColumn column) {
        return PostgresColumnReaders.jdbcColumn(column, quote(column.name()));
    }

    /**
     * Streams through COPY (see {@link PostgresCopyStream}), unless the settings say to use the
     * fetch-size cursor of {@link JdbcSource#read}.
     */
    @Override
    public RowStream read(ReadRequest request) throws SQLException {
        if (!settings.copy()) {
            return super.read(request);
        }
        BaseConnection base = connection.unwrap(BaseConnection.class);
        TimestampUtils timestamps = base.getTimestampUtils();
        WatermarkKind kind = request.order().watermarkKind().orElseThrow();
        String from = request.from().map(value -> literal(timestamps, kind, value)).orElse("");
        String below = request.watermarkBelow()
                .map(value -> literal(timestamps, request.watermark().watermarkKind().orElseThrow(), value)).orElse("");
        return copy(base, readQuery(request, from, below), fieldReaders(request.columns(), timestamps, shortestReals()),
                PostgresColumnReaders.positionReader(kind, timestamps), positionField(request));
    }

    /**
     * A whole read through COPY, as a first sync's rows come (the same stream, no position field), unless
     * the settings say to use the fetch-size cursor.
     */
    @Override
    public RowStream readWhole(WholeRead read) throws SQLException {
        if (!settings.copy()) {
            return super.readWhole(read);
        }
        return copyWithoutPosition(wholeQuery(read), read.columns());
    }

    /**
     * A reconcile's key scan through COPY, as the reads come (the same stream and field readers, no
     * position field), unless the settings say to use the fetch-size cursor. Added for speed (issue
     * #15): with the cursor, the server waits while the client decodes each fetch; COPY streams.
     */
    @Override
    public RowStream readKeys(TableSchema table, List<SourceColumn> key, Optional<String> where, int fetchSize)
            throws SQLException {
        if (!settings.copy()) {
            return super.readKeys(table, key, where, fetchSize);
        }
        return copyWithoutPosition(keysQuery(table, key, where), key);
    }

    /**
     * Blocks ({@link PostgresKeyBlocks}) for a smallint, integer or bigint key whose table's rows fill
     * their blocks ({@code keysFillBlocks}), through the fetch-size cursor: a few thousand rows,
     * for which COPY saves nothing.
     */
    @Override
    protected Optional<KeyBlockQuery> keyBlockQuery(TableSchema table, SourceColumn key, Optional<String> where)
            throws Exception {
        if (!"integer".equals(PostgresTypes.category(key.sourceType()))
                || !keysFillBlocks(table, key, PostgresKeyBlocks.KEYS_PER_BLOCK)) {
            return Optional.empty();
        }
        return Optional.of(PostgresKeyBlocks.query(qualifier(table) + "." + quote(key.name()), from(table), where,
                connection.getMetaData().getDatabaseMajorVersion()));
    }

    /** A COPY of {@code query}'s rows, fields read as {@code columns} say, with no position field. */
    private RowStream copyWithoutPosition(String query, List<SourceColumn> columns) throws SQLException {
        BaseConnection base = connection.unwrap(BaseConnection.class);
        return copy(base, query, fieldReaders(columns, base.getTimestampUtils(), shortestReals()), null, -1);
    }

    private static PostgresCopyStream.FieldReader[] fieldReaders(List<SourceColumn> columns, TimestampUtils timestamps,
                                                                 boolean shortestReals) {
        return columns.stream().map(c -> PostgresColumnReaders.copyReader(c, timestamps, shortestReals))
                .toArray(PostgresCopyStream.FieldReader[]::new);
    }

    /** Whether the server prints a real as its shortest decimal, under the session's extra_float_digits 3 (12 and newer). */
    private boolean shortestReals() throws SQLException {
        return connection.getMetaData().getDatabaseMajorVersion() >= 12;
    }

    /** The connection a COPY of this source reads ({@link PostgresCopyStream}). */
    Connection connection() {
        return connection;
    }

    /**
     * Starts {@code COPY (query) TO STDOUT} as a stream. If that fails, the read's transaction is ended
     * with the failure kept as the reason: as in JdbcSource#read, ending it on a cut connection fails
     * too, and would replace the reason. After the server's silence the connection is aborted instead,
     * as at the COPY's end ({@link PostgresCopyStream#close}): pgjdbc counts no connection closed after
     * a COPY that could not start, and it passed for usable while its next statement failed with an I/O
     * error.
     */
    private RowStream copy(BaseConnection base, String query, PostgresCopyStream.FieldReader[] readers,
                           PostgresCopyStream.FieldReader positionReader, int positionField) throws SQLException {
        try {
            return new PostgresCopyStream(this, new CopyManager(base).copyOut("COPY (" + query + ") TO STDOUT"), readers,
                    positionReader, positionField);
        } catch (SQLException | RuntimeException e) {
            if (stoppedAnswering(e)) {
                abandon(e);
                throw e;
            }
            try {
                endStatement();
            } catch (SQLException | RuntimeException ending) {
                e.addSuppressed(ending);
            }
            throw e;
        }
    }

    /**
     * A position (a watermark, or a key) bound as SQL, for COPY, which takes no parameters: the text pgjdbc itself would
     * send for the parameter (its TimestampUtils), cast to the type the parameter would have had.
     */
    static String literal(TimestampUtils timestamps, WatermarkKind kind, Object value) {
        return switch (kind) {
            case INTEGER -> "(" + value + ")";
            case DECIMAL -> "'" + ((BigDecimal) value).toPlainString() + "'::numeric";
            case TEXT -> "E'" + ((String) value).replace("\\", "\\\\").replace("'", "''") + "'";
            case DATE -> "'" + timestamps.toString((LocalDate) value) + "'::date";
            case TIMESTAMP -> "'" + timestamps.toString((LocalDateTime) value) + "'::timestamp";
            case TIMESTAMPTZ -> "'" + timestamps.toString(TemporalText.toOffsetDateTime((Instant) value)) + "'::timestamptz";
        };
    }

    /**
     * The connection is in autocommit (PostgresConnector#open): its one-off statements, and every COPY,
     * cost one round trip and leave no transaction to end. Measured for issue #17: the ROLLBACK after
     * each of them was about a tenth of a run of 500 small tables. The cursor needs a transaction, which
     * this opens and {@link #endStream} ends.
     */
    @Override
    protected PreparedStatement prepareStreaming(String sql, int fetchSize) throws SQLException {
        // pgjdbc streams through a portal when autocommit is off, the result set is forward-only and a
        // fetch size is set; otherwise it would read the whole result into memory.
        connection.setAutoCommit(false);
        PreparedStatement statement = null;
        try {
            statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(Math.max(fetchSize, 100));
            // Binary transfer for this statement (a negative threshold: server-prepared at once, results in
            // binary): integers, floats, dates and timestamps arrive as their exact binary values instead of
            // text that pgjdbc parses again; the values handed over are the same (tested against the text
            // path on edge values: infinities, BC, year 12345, NaN, subnormals). A first sync used ~10% less CPU.
            statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
        } catch (SQLException | RuntimeException e) {
            // No statement ran, so there is no transaction to end: only autocommit to restore.
            try {
                if (statement != null) {
                    statement.close();
                }
                connection.setAutoCommit(true);
            } catch (SQLException | RuntimeException restoring) {
                e.addSuppressed(restoring);
            }
            throw e;
        }
        return statement;
    }

    /**
     * Ends a cursor's transaction (rolled back: it only read) and goes back to autocommit. A rollback
     * that fails (the connection is gone) is the failure reported; going back to autocommit is tried
     * all the same, its own failure kept as suppressed.
     */
    @Override
    protected void endStream(Connection connection, java.sql.Statement statement) throws SQLException {
        try {
            super.endStream(connection, statement);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException | RuntimeException restoring) {
                e.addSuppressed(restoring);
            }
            throw e;
        }
        connection.setAutoCommit(true);
    }

    /**
     * pgjdbc prepares a statement on the server once it has run five times (or at once, for a stream), and
     * PostgreSQL then keeps a generic plan when it looks no dearer: for a range of keys and a cursor
     * ({@code id > $1 AND id <= $2 AND updated_at <= $3}) that was a scan of the whole (updated_at, id)
     * index, 79 ms for 512 rows of the bench table against 8 ms through the key's. A threshold of 0
     * keeps the statement unnamed: planned for its values on each run.
     */
    @Override
    protected void planEachRun(PreparedStatement statement) throws SQLException {
        statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
    }

    @Override
    protected java.util.Optional<dev.replicate.source.jdbc.StoredTextKeys> storedTextKeys() {
        return java.util.Optional.of(new PostgresStoredTextKeys());
    }

    @Override
    protected java.util.Optional<dev.replicate.source.jdbc.DigestSql> digestSql(dev.replicate.source.DigestRequest request)
            throws SQLException {
        // Reported by the server when the connection starts: no round trip.
        String encoding = connection.unwrap(org.postgresql.PGConnection.class).getParameterStatus("server_encoding");
        return java.util.Optional.of(new PostgresDigestSql(encoding == null ? "" : encoding,
                connection.getMetaData().getDatabaseMajorVersion() >= 11));
    }
}
