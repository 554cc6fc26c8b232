package dev.replicate.source.jdbc;

import dev.replicate.source.TimeBound;
import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyBlocks;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.ReadRequest;
import dev.replicate.source.RowDigest;
import dev.replicate.source.RowStream;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceException;
import dev.replicate.source.SourceQuery;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.TemporalText;
import dev.replicate.source.UnreadableWatermarks;
import dev.replicate.source.WatermarkKind;
import dev.replicate.source.WholeRead;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What every JDBC source shares: the cursor query, streaming, typed watermark binding. The
 * database-specific parts (quoting, reflection, value conversion, how a driver streams) are the
 * abstract and overridable methods, as in Flyway's per-database classes.
 */
public abstract class JdbcSource implements Source {
    /** The alias a table entry's query is read under, as a derived table: {@code (query) AS replicate_q}. */
    protected static final String QUERY_ALIAS = "replicate_q";
    /** Key blocks per fetch, at least ({@link #readKeyBlocks}). */
    private static final int KEY_BLOCK_FETCH = 16_384;

    protected final Connection connection;
    private final String defaultSchema;
    private final List<String> warnings = new ArrayList<>();
    private JdbcDigests digests;
    /** Whether the connection was given up ({@link #abandon}): it is never used again. */
    private volatile boolean abandoned;

    protected JdbcSource(Connection connection, String defaultSchema) {
        this.connection = connection;
        this.defaultSchema = defaultSchema;
    }

    /** An identifier quoted for this database, with its quote character doubled inside. */
    protected abstract String quote(String identifier);

    /** The columns and key of an existing table; throws {@link SourceException} when it is missing. */
    protected abstract TableSchema reflectResolved(TableName table) throws SQLException, SourceException;

    /**
     * The tables of {@link #reflect(List)}, each named with its schema, by that name: those reflected
     * in one go (see there). The default reflects none, so that each is reflected alone.
     */
    protected Map<TableName, TableSchema> reflectResolved(List<TableName> tables) throws SQLException {
        return Map.of();
    }

    /** How to select and read a reflected column. */
    protected abstract JdbcColumn jdbcColumn(SourceColumn column);

    /** Prepares a statement that streams its rows rather than buffering the whole result. */
    protected abstract PreparedStatement prepareStreaming(String sql, int fetchSize) throws SQLException;

    /**
     * Makes {@code statement} planned for the parameters of each of its runs: a verify query over a range
     * of keys, run hundreds of times with other bounds. A plan made once for any bounds may read the
     * table through another index than the key's. Nothing by default.
     */
    protected void planEachRun(PreparedStatement statement) throws SQLException {
    }

    /**
     * Ends a stream: whatever the driver needs after the result set is done (by default its implicit
     * transaction, {@link JdbcConnections#endTransaction}).
     */
    protected void endStream(Connection connection, Statement statement) throws SQLException {
        JdbcConnections.endTransaction(connection);
    }

    @Override
    public final TableSchema reflect(TableName table) throws SQLException, SourceException {
        return reflectResolved(table.withDefaultSchema(defaultSchema));
    }

    @Override
    public final Map<TableName, TableSchema> reflect(List<TableName> tables) throws SQLException {
        Map<TableName, TableName> asGiven = new HashMap<>();
        for (TableName table : tables) {
            asGiven.putIfAbsent(table.withDefaultSchema(defaultSchema), table);
        }
        Map<TableName, TableSchema> schemas = new HashMap<>();
        reflectResolved(List.copyOf(asGiven.keySet())).forEach((resolved, schema) -> {
            TableName given = asGiven.get(resolved);
            if (given != null) {
                schemas.put(given, schema);
            }
        });
        return schemas;
    }

    protected String qualified(TableName table) {
        TableName resolved = table.withDefaultSchema(defaultSchema);
        return quote(resolved.schema().orElseThrow()) + "." + quote(resolved.table());
    }

    /**
     * What a statement reads from, after FROM: the table, or the entry's query as a derived table. Every
     * statement about a schema's rows uses it (and {@link #qualifier}), so that a query is read wherever
     * a table would be, by the same SQL.
     */
    protected String from(TableSchema table) {
        return table.query().map(this::from).orElseGet(() -> qualified(table.name()));
    }

    private String from(SourceQuery query) {
        return "(" + query.sql() + ") AS " + quote(QUERY_ALIAS);
    }

    /** What a column of {@link #from} is qualified with: the table's name, or the query's alias. */
    protected String qualifier(TableSchema table) {
        return table.query().isPresent() ? quote(QUERY_ALIAS) : qualified(table.name());
    }

    /**
     * The query's result columns, from {@link #describeQuery}, which reads no row. A query returning two
     * columns of one name is refused: the reads could not name either.
     */
    @Override
    public TableSchema reflectQuery(SourceQuery query) throws SQLException, SourceException {
        List<SourceColumn> columns;
        try {
            columns = describeQuery("SELECT * FROM " + from(query), query);
        } finally {
            endStatement();
        }
        Set<String> names = new HashSet<>();
        for (SourceColumn column : columns) {
            if (!names.add(column.name())) {
                throw new SourceException(query.describe() + " returns more than one column named " + column.name()
                        + "; name them apart with AS");
            }
        }
        return TableSchema.ofQuery(query, columns);
    }

    /**
     * The result columns of {@code select} (every column of the query, as a derived table) without
     * reading a row, typed by {@link #queryColumns}: by default from running it with {@code WHERE 1 = 0},
     * which the database plans as empty without computing the derived table. A database that might
     * compute it anyway overrides this (MySQL prepares the statement on the server instead).
     */
    protected List<SourceColumn> describeQuery(String select, SourceQuery query) throws SQLException, SourceException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(select + " WHERE 1 = 0")) {
            return queryColumns(rs.getMetaData(), query);
        }
    }

    /**
     * Each result column of a query as a {@link SourceColumn}, typed as a table's column of the same
     * type would be, or refused with a {@link SourceException} where the metadata cannot tell that type
     * exactly. The default refuses every query: a subclass that overrides it opts in (with
     * {@link dev.replicate.source.SourceConnector#supportsQuery()}).
     */
    protected List<SourceColumn> queryColumns(ResultSetMetaData metadata, SourceQuery query)
            throws SQLException, SourceException {
        throw new SourceException("this source does not read a \"query\"");
    }

    /**
     * The values strictly between which a watermark is finite, as SQL literals of the column's type,
     * for a database whose type also holds values no cursor may hold: NaN and infinity sort after every
     * other value, so a cursor that reached one would never move on, and -infinity, before every other,
     * could never be told from an older row. Rows outside are left out of every read and counted like
     * NULL ones. Empty (the default) when every non-NULL value is an ordinary one.
     */
    protected Optional<FiniteRange> finiteRange(SourceColumn watermark) throws SQLException {
        return Optional.empty();
    }

    /**
     * The exclusive bounds of a finite watermark.
     *
     * @param above the value a finite one is greater than; empty when the type has no such value below
     *              every number (PostgreSQL's numeric before version 14 has NaN but no infinities)
     * @param below the value a finite one is less than
     */
    public record FiniteRange(Optional<String> above, String below) {
        /** {@code column} is finite: a range the database can take from an index. */
        String finite(String column) {
            return (above.isPresent() ? column + " > " + above.get() + " AND " : "") + column + " < " + below;
        }

        /** {@code column} is not NULL and not finite. */
        String notFinite(String column) {
            return "(" + (above.isPresent() ? column + " <= " + above.get() + " OR " : "") + column + " >= " + below + ")";
        }
    }

    /** The read's query: rows that have a watermark (below the bound), after {@code from}, in the requested order. */
    String readQuery(ReadRequest request) throws SQLException {
        return readQuery(request, request.order().watermarkKind().map(this::positionParameter).orElse("?"),
                request.watermark().watermarkKind().map(this::positionParameter).orElse("?"));
    }

    /**
     * The SQL that takes a position of this kind as a parameter (see {@link #bindPosition}): a bare marker by
     * default; a database may need an expression around it, for a value its driver writes as a literal that
     * the session could read otherwise.
     */
    protected String positionParameter(WatermarkKind kind) {
        return "?";
    }

    /**
     * The read's query with {@code from} and {@code watermarkBelow} as the given SQL (parameter
     * markers, bound in that order, or literals where the statement takes no parameters, such as
     * PostgreSQL's COPY).
     */
    protected String readQuery(ReadRequest request, String from, String below) throws SQLException {
        String select = request.columns().stream().map(c -> jdbcColumn(c).selectExpression())
                .collect(Collectors.joining(", "));
        String order = quote(request.order().name());
        StringBuilder sql = new StringBuilder("SELECT ").append(select);
        if (positionField(request) == request.columns().size()) {
            sql.append(", ").append(positionExpression(request.order()));
        }
        sql.append(" FROM ").append(from(request.table()))
                .append(" WHERE ").append(quote(request.watermark().name())).append(" IS NOT NULL");
        Optional<FiniteRange> finite = finiteRange(request.watermark());
        if (finite.isPresent()) {
            sql.append(" AND ").append(finite.get().finite(quote(request.watermark().name())));
        }
        if (request.from().isPresent()) {
            sql.append(" AND ").append(order).append(request.fromExclusive() ? " > " : " >= ").append(from);
        }
        if (request.watermarkBelow().isPresent()) {
            sql.append(" AND ").append(quote(request.watermark().name())).append(" < ").append(below);
        }
        // The table's "where", in parentheses: checked to be one expression with balanced parentheses
        // (ConfigLoader), so it can only narrow the rows, never undo the conditions before it.
        request.where().ifPresent(where -> sql.append(" AND (").append(where).append(')'));
        // ORDER BY names the table's columns, qualified: a select expression that keeps a column's name
        // (PostgreSQL's "c"::text is output as c) would otherwise make a bare name ambiguous.
        String table = qualifier(request.table());
        List<String> orderBy = new ArrayList<>();
        orderBy.add(table + "." + order);
        request.tieBreaker().forEach(k -> orderBy.add(table + "." + quote(k)));
        if (request.toldApartByValues()) {
            exactOrder(request.table(), request.order(), table + "." + order).ifPresent(orderBy::add);
        }
        sql.append(" ORDER BY ").append(String.join(", ", orderBy));
        return sql.toString();
    }

    /**
     * The query of a whole read: the columns, the table's filter, the order asked for (the key, which
     * the database has indexed: MySQL's InnoDB even stores rows in its order), nothing else.
     */
    protected String wholeQuery(WholeRead read) {
        String select = read.columns().stream().map(c -> jdbcColumn(c).selectExpression())
                .collect(Collectors.joining(", "));
        String table = qualifier(read.table());
        StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM ").append(from(read.table()));
        read.where().ifPresent(where -> sql.append(" WHERE (").append(where).append(')'));
        if (!read.order().isEmpty()) {
            // Qualified, as in readQuery: a select expression may keep a column's name.
            sql.append(" ORDER BY ").append(read.order().stream().map(k -> table + "." + quote(k))
                    .collect(Collectors.joining(", ")));
        }
        return sql.toString();
    }

    /** Streams the whole read through the driver's streaming result set (see {@link #prepareStreaming}). */
    @Override
    public RowStream readWhole(WholeRead read) throws SQLException {
        return openStream(wholeQuery(read), read.fetchSize(), (statement, execution) -> {
            ResultSet resultSet = execution.executeQuery();
            List<ColumnReader> readers = read.columns().stream().map(c -> jdbcColumn(c).reader()).toList();
            return new JdbcRowStream(this, connection, statement, resultSet, readers, 0, null);
        });
    }

    /**
     * Where the query puts the row's position, the {@code order} column's value (0-based): that
     * column's own place when it is selected in the form its position is read from, so the database
     * formats and sends it once per row (a first sync reads it a million times); else one more field
     * after the columns.
     */
    protected int positionField(ReadRequest request) {
        String expression = positionExpression(request.order());
        List<SourceColumn> columns = request.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(request.order().name())
                    && jdbcColumn(columns.get(i)).selectExpression().equals(expression)) {
                return i;
            }
        }
        return columns.size();
    }

    @Override
    public RowStream read(ReadRequest request) throws SQLException {
        String sql = readQuery(request);
        WatermarkKind kind = request.order().watermarkKind().orElseThrow();
        return openStream(sql, request.fetchSize(), (statement, execution) -> {
            int parameter = 1;
            if (request.from().isPresent()) {
                bindPosition(statement, parameter++, kind, request.from().get());
            }
            if (request.watermarkBelow().isPresent()) {
                bindPosition(statement, parameter, request.watermark().watermarkKind().orElseThrow(),
                        request.watermarkBelow().get());
            }
            ResultSet resultSet = execution.executeQuery();
            List<ColumnReader> readers = request.columns().stream().map(c -> jdbcColumn(c).reader()).toList();
            return new JdbcRowStream(this, connection, statement, resultSet, readers, positionField(request) + 1, kind);
        });
    }

    /** The key scan of a reconcile, through the reads' streaming statement and column readers ({@link JdbcKeyStream}). */
    @Override
    public RowStream readKeys(TableSchema table, List<SourceColumn> key, Optional<String> where, int fetchSize)
            throws SQLException {
        List<JdbcColumn> columns = key.stream().map(this::jdbcColumn).toList();
        return openStream(keysQuery(table, key, where), fetchSize,
                (statement, execution) -> JdbcKeyStream.open(this, connection, statement, execution.executeQuery(),
                        columns.stream().map(JdbcColumn::reader).toList()));
    }

    /**
     * A reconcile's key blocks ({@link JdbcKeyBlocks}) through the reads' streaming statement, when
     * the database gives SQL for them ({@link #keyBlockQuery}); empty otherwise, and always when the
     * user said {@code -Dreplicate.reconcile.blocks=false} (the keys are then listed one by one).
     */
    @Override
    public Optional<KeyBlocks> readKeyBlocks(TableSchema table, SourceColumn key, Optional<String> where, int fetchSize)
            throws Exception {
        if ("false".equals(System.getProperty("replicate.reconcile.blocks"))) {
            return Optional.empty();
        }
        Optional<KeyBlockQuery> query = keyBlockQuery(table, key, where);
        if (query.isEmpty()) {
            return Optional.empty();
        }
        // A row of blocks is three numbers: many to a fetch (PostgreSQL's cursor, in a fresh JVM on a busy
        // machine, fetched 15,600 blocks 1,000 at a time in 64-99 ms, 16,384 at a time in 17-39 ms).
        return Optional.of(openStream(query.get().sql(), Math.max(fetchSize, KEY_BLOCK_FETCH),
                (statement, execution) -> JdbcKeyBlocks.open(this, connection, statement, execution.executeQuery(),
                        query.get())));
    }

    /**
     * This database's SQL for {@link #readKeyBlocks}, or empty (the default) where it has none or
     * finds the keys cheaper to list one by one (see {@link #keysFillBlocks}).
     */
    protected Optional<KeyBlockQuery> keyBlockQuery(TableSchema table, SourceColumn key, Optional<String> where)
            throws Exception {
        return Optional.empty();
    }

    /**
     * Whether the table's keys fill their blocks well enough for a listing in blocks to cost less than
     * one key by one: the table's estimated rows ({@link #estimatedRows}) at least
     * {@code keysPerBlock} per block of the key's range (its MIN to its MAX, which the key's index gives
     * at once). Grouping sparse keys costs the server far more than listing them in index order (a
     * key every thousand over 1M rows: 2.8 s against 0.3 s on PostgreSQL, for issue #15). The filter
     * does not enter: the blocks' count is bounded by the range whichever rows it holds for. False for
     * a query (its MIN and MAX would compute it), an empty table, or a table without an estimate.
     */
    protected boolean keysFillBlocks(TableSchema table, SourceColumn key, int keysPerBlock) throws Exception {
        if (table.query().isPresent()) {
            return false;
        }
        OptionalLong rows = estimatedRows(table);
        if (rows.isEmpty()) {
            return false;
        }
        String column = quote(key.name());
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT MIN(" + column + "), MAX(" + column + ") FROM "
                     + from(table))) {
            if (!rs.next() || rs.getString(1) == null) {
                return false;
            }
            double blocks = ((double) rs.getLong(2) - (double) rs.getLong(1)) / KeyBlocks.SIZE + 1;
            return rows.getAsLong() >= keysPerBlock * blocks;
        } finally {
            endStatement();
        }
    }

    /**
     * Prepares {@code sql} as a streaming statement (see {@link #prepareStreaming}) and makes a stream of it; if that
     * fails, the stream is ended, or its connection given up after the server's silence ({@link StreamEnd#open}).
     * Ended over the silent connection, it passed for usable while its next statement failed, and pgjdbc's "This
     * connection has been closed" (the cleanup's, once it had given up the socket) went with the silence.
     */
    private <T> T openStream(String sql, int fetchSize, StreamEnd.Opening<T> opening) throws SQLException {
        return StreamEnd.open(this, prepareStreaming(sql, fetchSize), opening);
    }

    /**
     * The key scan's SQL ({@link JdbcKeyStream#query}): the key columns as the reads select them, of
     * the rows {@code where} holds for, in ascending key order.
     */
    protected String keysQuery(TableSchema table, List<SourceColumn> key, Optional<String> where) {
        return JdbcKeyStream.query(key.stream().map(this::jdbcColumn).toList(),
                key.stream().map(c -> quote(c.name())).toList(), from(table), qualifier(table), where);
    }

    @Override
    public long countNullWatermarks(TableSchema table, SourceColumn watermark) throws SQLException {
        return countNullWatermarks(table, watermark, Optional.empty());
    }

    /** The rows with a NULL watermark among those {@code where} (when present) holds for. */
    protected long countNullWatermarks(TableSchema table, SourceColumn watermark, Optional<String> where)
            throws SQLException {
        String sql = "SELECT COUNT(*) FROM " + from(table) + " WHERE " + quote(watermark.name()) + " IS NULL"
                + filter(where);
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } finally {
            endStatement();
        }
    }

    /** {@code " AND (where)"}, or nothing: the table's filter added to a query's WHERE, as the reads add it. */
    protected static String filter(Optional<String> where) {
        return where.map(w -> " AND (" + w + ")").orElse("");
    }

    @Override
    public UnreadableWatermarks countUnreadableWatermarks(TableSchema table, SourceColumn watermark)
            throws Exception {
        return countUnreadableWatermarks(table, watermark, Optional.empty());
    }

    /**
     * NULLs and values that are not finite in one query, a single pass over the table (or its index),
     * so a watermark type that has such values costs no more per run than one that has not.
     */
    @Override
    public UnreadableWatermarks countUnreadableWatermarks(TableSchema table, SourceColumn watermark,
                                                          Optional<String> where) throws Exception {
        if (finiteRange(watermark).isEmpty()) {
            return new UnreadableWatermarks(countNullWatermarks(table, watermark, where), 0);
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(unreadableQuery(table, watermark, where))) {
            rs.next();
            return new UnreadableWatermarks(rs.getLong(1), rs.getLong(2));
        } finally {
            endStatement();
        }
    }

    /**
     * The query whose one row counts a table's unreadable watermarks: the NULL ones, then those that are
     * not finite (0 where the type has none). For a source that counts many tables together
     * ({@link Source#countUnreadableWatermarks(List)}), as the PostgreSQL source does.
     */
    protected String unreadableQuery(TableSchema table, SourceColumn watermark, Optional<String> where)
            throws SQLException {
        String column = quote(watermark.name());
        Optional<FiniteRange> finite = finiteRange(watermark);
        if (finite.isEmpty()) {
            return "SELECT COUNT(*), 0 FROM " + from(table) + " WHERE " + column + " IS NULL" + filter(where);
        }
        return "SELECT COUNT(*) - COUNT(" + column + "), COUNT(" + column + ") FROM " + from(table)
                + " WHERE (" + column + " IS NULL OR " + finite.get().notFinite(column) + ")" + filter(where);
    }

    @Override
    public Optional<Object> newestWatermark(TableSchema table, SourceColumn watermark) throws SQLException {
        return newestWatermark(table, watermark, Optional.empty());
    }

    /**
     * The newest finite watermark among the rows the reads see: the boundary of a first sync, which
     * must be a value a cursor may hold.
     */
    @Override
    public Optional<Object> newestWatermark(TableSchema table, SourceColumn watermark, Optional<String> where)
            throws SQLException {
        Optional<FiniteRange> finite = finiteRange(watermark);
        List<String> conditions = new ArrayList<>();
        finite.ifPresent(range -> conditions.add(range.finite(quote(watermark.name()))));
        where.ifPresent(w -> conditions.add("(" + w + ")"));
        String sql = "SELECT MAX(" + quote(watermark.name()) + ") FROM " + from(table)
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions));
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            // NULL (no row has a watermark) told by the raw value: getObject would parse it, and the
            // MySQL driver fails on a zero-in-date value such as 2024-06-00, which readPosition takes.
            if (rs.getBytes(1) == null) {
                return Optional.empty();
            }
            return Optional.of(readPosition(rs, 1, watermark.watermarkKind().orElseThrow()));
        } finally {
            endStatement();
        }
    }

    /** The server's clock, by {@link #clockQuery}: microseconds since 1970-01-01 UTC. */
    @Override
    public Optional<Instant> clock() throws SQLException {
        Optional<String> sql = clockQuery();
        if (sql.isEmpty()) {
            return Optional.empty();
        }
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql.get())) {
            rs.next();
            return Optional.of(Instant.EPOCH.plus(rs.getLong(1), ChronoUnit.MICROS));
        } finally {
            endStatement();
        }
    }

    /**
     * A query of one row and one integer column: the server's clock now, in microseconds since
     * 1970-01-01 UTC ({@link #clock}). Empty by default: the source does not tell its clock.
     */
    protected Optional<String> clockQuery() {
        return Optional.empty();
    }

    /**
     * Runs the filter on the table without reading a row: {@code 1 = 0} makes the result empty, while
     * the server still parses the expression, resolves its names and checks its types.
     */
    @Override
    public void checkFilter(TableSchema table, String where) throws SQLException {
        String sql = "SELECT 1 FROM " + from(table) + " WHERE 1 = 0" + filter(Optional.of(where));
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
        } finally {
            endStatement();
        }
    }

    /** Reads the one row of a query about a table. */
    @FunctionalInterface
    protected interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * Runs a catalog query about a table, its two parameters bound to the table's schema and name,
     * and reads its first row; empty when there is none (or the name has no schema).
     */
    protected <T> Optional<T> queryAboutTable(String sql, TableName table, RowReader<T> reader) throws SQLException {
        if (table.schema().isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table.schema().get());
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(reader.read(rs)) : Optional.empty();
            }
        } finally {
            endStatement();
        }
    }

    /**
     * Ends the implicit transaction of a one-off statement ({@link JdbcConnections#endTransaction}).
     */
    protected void endStatement() throws SQLException {
        JdbcConnections.endTransaction(connection);
    }

    /** A lock wait given up, anywhere in the failure's causes, as {@link #lockWaitTimedOut} tells. */
    @Override
    public boolean waitedForLock(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && lockWaitTimedOut(sql)) {
                return true;
            }
        }
        return false;
    }

    /** A socket read timed out, anywhere in the failure's causes ({@link #socketTimedOut}). */
    @Override
    public boolean stoppedAnswering(Exception failure) {
        return socketTimedOut(failure);
    }

    /**
     * A socket read timed out, anywhere in the failure's causes: both built-in drivers wrap the JDK's
     * {@link java.net.SocketTimeoutException} of their socket timeout (pgjdbc's socketTimeout, Connector/J's
     * socketTimeout), yet neither counts the connection closed after it: the streams that meet it abort it
     * ({@link JdbcResultStream#close}, and PostgreSQL's COPY stream).
     */
    public static boolean socketTimedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives up this source's connection, which a stream left unusable (the server's silence, a cut, an Error
     * mid-message): it counts as gone from now on ({@link #usable}), and the engine opens a fresh one. It is aborted
     * too; an abort that fails (a driver's, a security manager's refusal) is added to {@code failure}, which stays the
     * one told, never taking its place. Whatever the abort did, the connection is never used again: a driver may
     * close it after the abort returned, or not at all (one that failed, one that does nothing), and it passed for
     * usable while its next statement failed (Connector/J's "Streaming result set ... is still active", pgjdbc's I/O
     * error), which the engine's next try of the table, or its next table, met in place of the silence.
     */
    public final void abandon(Throwable failure) {
        abandoned = true;
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException aborting) {
            failure.addSuppressed(aborting);
        }
    }

    /**
     * Whether the driver still holds the connection open (both built-in drivers close it when it broke), and it was
     * not given up ({@link #abandon}). Final, so that no source can count a given-up connection usable again.
     */
    @Override
    public final boolean usable() {
        if (abandoned) {
            return false;
        }
        try {
            return !connection.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    /** A statement cancelled at the login's time bound, anywhere in the failure's causes, as {@link #timeBound} tells. */
    @Override
    public Optional<TimeBound> loginTimeBound(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                Optional<TimeBound> bound = timeBound(sql);
                if (bound.isPresent()) {
                    return bound;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The bound on a statement's time that the database cancelled this statement at, by its own error for
     * that: only the login's own bounds remain once the session is set up. None by default.
     */
    protected Optional<TimeBound> timeBound(SQLException failure) {
        return Optional.empty();
    }

    /** Whether the database gave up waiting for a lock: its own error for that. None by default. */
    protected boolean lockWaitTimedOut(SQLException failure) {
        return false;
    }

    /**
     * An expression that orders a watermark's values by their exact text, after the column's own order,
     * for a column whose values the database may hold equal while spelling them differently (a
     * case-insensitive or PAD SPACE collation): the read of a table without a key adds it, so that the
     * rows of each spelling come together ({@link ReadRequest#toldApartByValues}). Empty (the default)
     * where equal values are spelt alike.
     *
     * @param qualified the column, qualified as ORDER BY names it
     */
    protected Optional<String> exactOrder(TableSchema table, SourceColumn watermark, String qualified)
            throws SQLException {
        return Optional.empty();
    }

    /**
     * A position column (the watermark, or a key read by key) in the select list, read by
     * {@link #readPosition}: the column itself, unless a database reads faster from another form of it.
     */
    protected String positionExpression(SourceColumn column) {
        return quote(column.name());
    }

    /**
     * Whether an INTEGER position among the selected columns may be taken from the row when its
     * column reader gave a Long, instead of {@link #readPosition} reading it once more: true only
     * where every such reader gives what {@code getLong} gives and readPosition reads INTEGER with
     * getLong. Off by default, so that a subclass that reads positions its own way is not bypassed.
     */
    protected boolean integerPositionIsColumnValue() {
        return false;
    }

    /** Reads a position (a watermark or a key) in its native type, as the Java type its kind names. */
    protected Object readPosition(ResultSet rs, int index, WatermarkKind kind) throws SQLException {
        return switch (kind) {
            case INTEGER -> rs.getLong(index);
            case DECIMAL -> rs.getBigDecimal(index);
            case TEXT -> rs.getString(index);
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case TIMESTAMPTZ -> TemporalText.toInstant(rs.getObject(index, OffsetDateTime.class));
        };
    }

    /** Binds a position as a typed parameter, so the database compares it in its own type. */
    protected void bindPosition(PreparedStatement statement, int index, WatermarkKind kind, Object value)
            throws SQLException {
        switch (kind) {
            case INTEGER -> statement.setLong(index, (Long) value);
            case DECIMAL -> statement.setBigDecimal(index, (BigDecimal) value);
            case TEXT -> statement.setString(index, (String) value);
            case DATE, TIMESTAMP -> statement.setObject(index, value);
            case TIMESTAMPTZ -> statement.setObject(index, TemporalText.toOffsetDateTime((Instant) value));
        }
    }

    /** Notes something a reader changed on the way, such as a zero date read as NULL. */
    protected void warn(String warning) {
        if (warnings.size() < 100) {
            warnings.add(warning);
        }
    }

    List<String> drainWarnings() {
        List<String> drained = List.copyOf(warnings);
        warnings.clear();
        return drained;
    }

    /**
     * This database's SQL for {@code replicate verify}; empty (the default) for a JDBC source that has
     * none, which then refuses to verify, as any source does by default.
     */
    protected Optional<DigestSql> digestSql(DigestRequest request) throws SQLException, SourceException {
        return Optional.empty();
    }

    /**
     * How this database compares a date or time key cut at its stored text ({@link #cutsAtStoredText});
     * empty (the default) for a JDBC source that cuts none.
     */
    protected Optional<StoredTextKeys> storedTextKeys() {
        return Optional.empty();
    }

    @Override
    public boolean cutsAtStoredText(SourceColumn keyColumn) {
        return storedTextKeys().flatMap(keys -> keys.parameter(keyColumn)).isPresent();
    }

    @Override
    public Optional<String> keyOutsideTextOrder(DigestRequest request, SourceColumn keyColumn) throws SQLException {
        StoredTextKeys keys = storedTextKeys().orElseThrow();
        String query = keys.outsideQuery(keyColumn, quote(keyColumn.name()), from(request.table()));
        try (PreparedStatement statement = connection.prepareStatement(query);
             ResultSet rs = statement.executeQuery()) {
            String value = rs.next() ? rs.getString(1) : null;
            return Optional.ofNullable(value).map(v -> "holds " + v + ", outside " + keys.domain()
                    + ", where SQLite orders the stored texts as the source orders the values: verify cannot cut such"
                    + " a key into ranges");
        } finally {
            endStatement();
        }
    }

    /** The verify queries of one table, kept while it is verified (its session set-up is done once). */
    private JdbcDigests digests(DigestRequest request) throws SQLException, SourceException {
        if (digests == null || !digests.request().equals(request)) {
            DigestSql sql = digestSql(request).orElseThrow(() -> new SourceException("this source cannot be verified"));
            digests = new JdbcDigests(this, sql, request);
        }
        return digests;
    }

    @Override
    public List<Boolean> columnsDigestedBySource(DigestRequest request) throws SQLException, SourceException {
        return digests(request).inSql();
    }

    @Override
    public java.util.function.Predicate<List<Object>> rangeBounds(DigestRequest request)
            throws SQLException, SourceException {
        return digests(request)::bound;
    }

    @Override
    public RangeDigest rangeDigest(DigestRequest request, KeyRange range) throws SQLException, SourceException {
        return digests(request).rangeDigest(range);
    }

    @Override
    public void rowDigests(DigestRequest request, KeyRange range, Consumer<RowDigest> rows)
            throws SQLException, SourceException {
        digests(request).stream(range, rows);
    }

    /** Through the reads' streaming statement and column readers, so the values are what a run stores. */
    @Override
    public RowStream readExpected(DigestRequest request, KeyRange range, int fetchSize)
            throws SQLException, SourceException {
        JdbcDigests digests = digests(request);
        return openStream(digests.expectedQuery(range), fetchSize, (statement, execution) -> {
            digests.bindExpected(statement, range);
            ResultSet resultSet = execution.executeQuery();
            List<ColumnReader> readers = request.columns().stream().map(c -> jdbcColumn(c).reader()).toList();
            return new JdbcRowStream(this, connection, statement, resultSet, readers, 0, null);
        });
    }

    /**
     * Closes the connection; one given up ({@link #abandon}) on a thread of its own, not waited for: its abort may
     * have failed, and Connector/J's close then reads the rest of a streaming result over a connection that stopped
     * answering, for a read timeout, or for good without one (readTimeoutSeconds 0).
     */
    @Override
    public void close() throws SQLException {
        if (!abandoned) {
            connection.close();
            return;
        }
        Thread closing = new Thread(() -> {
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                dev.replicate.log.Log.debug(e, "closing a connection given up");
            }
        }, "replicate-close-given-up");
        closing.setDaemon(true);
        closing.start();
    }
}
