package dev.replicate.source;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.OptionalLong;

/**
 * An open connection to one source database. Everything that differs between databases (quoting,
 * reflection, the cursor query, streaming, value conversion) lives behind this interface, so the
 * sync engine never learns which database it talks to.
 */
public interface Source extends AutoCloseable {

    /**
     * The table's columns and primary key.
     *
     * @throws SourceException when the table does not exist or cannot be read
     */
    TableSchema reflect(TableName table) throws Exception;

    /**
     * Many tables' schemas in one go, each as {@link #reflect(TableName)} would give it, keyed by the
     * name as given: a run with many due tables asks for them together, in one catalog round trip
     * rather than one (or three) per table. A table it leaves out, for any reason (missing, named in
     * another case, or simply not worth the trouble), is reflected alone by {@link #reflect(TableName)}
     * just before it runs, which says what is wrong with it; so the answer must never hold a table that
     * {@code reflect} would refuse, nor differ from what it would return. The default leaves every
     * table out.
     */
    default Map<TableName, TableSchema> reflect(List<TableName> tables) throws Exception {
        return Map.of();
    }

    /**
     * Whether {@code table}, reflected with no primary key, has one all the same, whose columns the source
     * does not show this login (see {@link TableSchema#hiddenKey}); read without it, every updated row would
     * arrive again as a new one. Present when it has: why the source shows the login none of its columns, in
     * the source's own words, with what of the source's own (a setting) would show it, if anything; the
     * engine puts them in the table's error, in parentheses, and adds the ways out every source shares (a
     * grant, a "primaryKey"). Only the source knows its server: which causes can be, and which settings
     * exist. The engine asks only of an incremental table entry that gives no "primaryKey", just before the
     * table runs, as it may cost the source a statement (and wait for a lock on the table). A failure to
     * tell is thrown, never taken for "no key". The default: the source shows every key (empty).
     */
    default Optional<String> hiddenKey(TableSchema table) throws Exception {
        return Optional.empty();
    }

    /**
     * The result columns of a table entry's query, each typed exactly as a table's column of that type
     * would be (the same {@link SqliteType}, watermark kind and source type name, or refused), with no
     * primary key: {@link TableSchema#ofQuery}. Reads no row: the query is prepared or run so that it
     * returns none, and a query the server refuses (a syntax error, an unknown column) throws with the
     * server's message. Every later call with the returned schema ({@link #read}, the counts, the newest
     * watermark, {@link #checkFilter}) must read from the query, as a derived table, where it would
     * name the table. Only called on a source whose connector says
     * {@link SourceConnector#supportsQuery()}; the default refuses.
     */
    default TableSchema reflectQuery(SourceQuery query) throws Exception {
        throw new SourceException("this source does not read a \"query\"");
    }

    /**
     * Whether {@code failure} is a statement that gave up waiting for a lock another session holds on a
     * table (the source's {@link SourceSettings#lockTimeoutSeconds}), so that the table's error can say
     * so. The default knows none.
     */
    default boolean waitedForLock(Exception failure) {
        return false;
    }

    /**
     * The bound on a statement's time that {@code failure} was cancelled at, when the bound is one replicate's
     * own login sets (a role's or user's setting, or one given in the URL), which the built-in sources keep
     * while they lift one the server or the database sets for every application; so that the table's error
     * can name the setting and how to lift it. Empty for any other failure; the default knows none.
     */
    default Optional<TimeBound> loginTimeBound(Exception failure) {
        return Optional.empty();
    }

    /**
     * Whether {@code failure} is a read that gave up on a server that sent nothing for the source's
     * {@link SourceSettings#readTimeoutSeconds} (a dropped network, a frozen server), so that the table's
     * error can say so, and nothing more is asked of the connection meanwhile. The default knows none.
     */
    default boolean stoppedAnswering(Exception failure) {
        return false;
    }

    /**
     * Whether the connection can still be asked anything: a driver closes it after a read timed out
     * ({@link #stoppedAnswering}) or the connection was cut, and every later statement would fail with
     * "connection has been closed" whatever it asked. The engine then opens a fresh one for the next
     * table, and never blames a table's own settings (its "where") for such a failure. True by default.
     */
    default boolean usable() {
        return true;
    }

    /**
     * Whether {@code failure} leaves the connection with nothing more to answer: the server stopped
     * answering ({@link #stoppedAnswering}), or the connection is no longer {@link #usable} (the driver
     * closed it after a timeout or a cut). Any statement asked next, however different, would fail the
     * same way, so the failure says nothing of what was asked: the engine neither blames a table's own
     * settings (its "where") for it nor asks the same questions again on this connection. Not meant to be
     * overridden: a source tells its cases through those two methods.
     */
    default boolean connectionGone(Exception failure) {
        return stoppedAnswering(failure) || !usable();
    }

    /**
     * Whether a column retyped at the source from {@code before} to {@code after} (each a
     * {@link SourceColumn#sourceType()} of this source) keeps the text of every value it holds: read as
     * {@code after}, each prints exactly as it did as {@code before} ({@code varchar(20)} and {@code text};
     * {@code integer} and {@code bigint}), where {@code numeric(10,2)} to {@code numeric(10,4)} prints 1.50
     * as 1.5000. A key spelt otherwise no longer finds its stored row. Asked only of types that SQLite stores
     * alike. The default knows no type: only the same type keeps the text.
     */
    default boolean spellsAlike(String before, String after) {
        return before.equals(after);
    }

    /**
     * The source server's clock now, to the microsecond or better: rows stamped with the time of day are
     * stamped by it, and this machine's clock may differ (a cron host minutes behind the database server).
     * Asked at most once per run and source connection, and only when this machine's clock finds a row read, or
     * a table's cursor, ahead of it by more than a minute: an instant's cursor never passes it, and a wall clock's
     * is noted when it does. Empty when the source cannot tell (the default): this machine's clock then judges.
     */
    default Optional<Instant> clock() throws Exception {
        return Optional.empty();
    }

    /** Streams the requested rows in the request's order (see {@link ReadRequest}). */
    RowStream read(ReadRequest request) throws Exception;

    /**
     * Streams every row of the table that the read's filter holds for, with no watermark and no
     * cursor: a table in {@code "mode": "full"}, read whole on every run. One statement, in a read-only
     * transaction, so that the rows are one consistent snapshot of the table. Rows come in the order of
     * {@link WholeRead#order()} (the key, so that SQLite appends them), or in any order when it is
     * empty; {@link RowStream#position()} is null. Only called on a source whose connector says
     * {@link SourceConnector#supportsFullRead()}; the default refuses, for a source written before.
     */
    default RowStream readWhole(WholeRead read) throws Exception {
        throw new SourceException("this source cannot read a whole table (\"mode\": \"full\"); give the table a"
                + " \"watermark\"");
    }

    /**
     * Whether {@link #read} serves {@link ReadRequest#byKey} for this table and its one-column primary
     * key (of kind {@link WatermarkKind#INTEGER}, positions as {@code Long}, or
     * {@link WatermarkKind#TEXT}, positions as {@code String}): its rows in strictly ascending key
     * order, each key once, with {@code key > from} compared the way the rows are ordered. A source
     * that says yes gets a table's first sync read in key order (resumable by key), and must then
     * never answer {@link #newestWatermark} above the true maximum, since the snapshot's boundary is
     * taken from it. False by default: the first sync then reads in watermark order.
     */
    default boolean readsInKeyOrder(TableSchema table, SourceColumn key) throws Exception {
        return false;
    }

    /** How many rows have NULL in the watermark column: they can never be pulled, so they are reported. */
    long countNullWatermarks(TableSchema table, SourceColumn watermark) throws Exception;

    /**
     * How many rows {@link #read} never streams because of their watermark: NULL, or a value that is not
     * finite (NaN, ±infinity), for a source whose reads leave those out too. The engine asks this on
     * every table pass, rather than {@link #countNullWatermarks}, and notes both. The default counts
     * NULLs only, for a source that has no such values.
     */
    default UnreadableWatermarks countUnreadableWatermarks(TableSchema table, SourceColumn watermark)
            throws Exception {
        return new UnreadableWatermarks(countNullWatermarks(table, watermark), 0);
    }

    /**
     * {@link #countUnreadableWatermarks(TableSchema, SourceColumn)} among the rows {@code where} holds
     * for (a table's {@code "where"}), so that rows the filter leaves out are not reported as
     * unreadable. Only called with a filter on a source whose connector says
     * {@link SourceConnector#supportsFilter()}, which must then override it; the default refuses one.
     */
    default UnreadableWatermarks countUnreadableWatermarks(TableSchema table, SourceColumn watermark,
                                                           Optional<String> where) throws Exception {
        if (where.isPresent()) {
            throw new SourceException("this source does not apply a \"where\"");
        }
        return countUnreadableWatermarks(table, watermark);
    }

    /**
     * {@link #countUnreadableWatermarks(TableSchema, SourceColumn, Optional)} of many tables at once, the
     * answers in the order asked: a run with many due tables asks for their counts together, in one
     * round trip rather than one per table. Empty when the source does not count together (the default):
     * the engine then asks each table on its pass. Throws when any count fails; the engine then asks
     * each table alone, which tells which one fails, and why.
     */
    default Optional<List<UnreadableWatermarks>> countUnreadableWatermarks(List<WatermarkCount> counts) throws Exception {
        return Optional.empty();
    }

    /**
     * Checks a table's {@code "where"} with the server, reading no row, for
     * {@code validate-config --connect}: throws with the server's message when the expression does not
     * run on the table (a syntax error, an unknown column, a type that is not boolean). The default
     * refuses, for a source that does not apply filters.
     */
    default void checkFilter(TableSchema table, String where) throws Exception {
        throw new SourceException("this source does not apply a \"where\"");
    }

    /**
     * About how many rows the table holds, from the database's statistics rather than by counting
     * (a count can cost as much as the pull); empty when the database cannot say cheaply. Only shown
     * to a person, as the ETA of a first sync.
     */
    default OptionalLong estimatedRows(TableSchema table) throws Exception {
        return OptionalLong.empty();
    }

    /**
     * The newest watermark value at the source, exactly (no estimate: a first sync in key order takes
     * its boundary from it), for lag metrics too; empty when no row has a watermark.
     */
    Optional<Object> newestWatermark(TableSchema table, SourceColumn watermark) throws Exception;

    /**
     * {@link #newestWatermark(TableSchema, SourceColumn)} among the rows {@code where} holds for: a first
     * sync's boundary, below which its key-order snapshot reads, must be a value of a row the reads
     * see. As for the count, only called with a filter on a source that supports filters.
     */
    default Optional<Object> newestWatermark(TableSchema table, SourceColumn watermark, Optional<String> where)
            throws Exception {
        if (where.isPresent()) {
            throw new SourceException("this source does not apply a \"where\"");
        }
        return newestWatermark(table, watermark);
    }

    /**
     * Streams the primary-key values of every row {@code where} holds for (every row when empty), for
     * a reconcile (a table's {@code "deletes": {"reconcile": ...}}): {@link RowStream#values()} gives
     * each row's {@code key} columns, in that order, converted exactly as {@link #read} converts them
     * (the replica compares them with the keys it stored); {@link RowStream#position()} is not used.
     * Any order; each key at least once. (A key of one integer column listed in ascending order is
     * merged with the replica's keys, the fastest way; in any other order the engine lists the keys a
     * second time, into a table of keys.) It must stream, in a read-only transaction like the reads,
     * and fail rather than end early: every key it leaves out is deleted from the replica (up to the
     * guard). Only called on a source whose connector says {@link SourceConnector#supportsReconcile()};
     * the default refuses.
     */
    default RowStream readKeys(TableSchema table, List<SourceColumn> key, Optional<String> where, int fetchSize)
            throws Exception {
        throw new SourceException("this source does not list keys; reconcile is not supported");
    }

    /**
     * The keys {@link #readKeys} would list for a key of one integer column, in blocks of 64 keys with
     * a bit each ({@link KeyBlocks}): the same exact set of the values {@link #read} gives for
     * {@code key} (each a {@code Long}), of the rows {@code where} holds for, in the same read-only way.
     * Added for speed (issue #15): a dense key of a million rows comes as some 15,600 blocks, and the
     * replica looks only at the rows of blocks that are not full.
     *
     * <p>Empty when this source does not list {@code table}'s key so: not an integer column whose
     * values are exactly its {@code Long}s, or a table whose keys it finds cheaper to list one by one
     * (sparse keys make as many blocks as keys, and grouping them costs the server more than listing
     * them). The engine then calls {@link #readKeys}. Only called on a source whose connector says
     * {@link SourceConnector#supportsReconcile()}, for a replica whose key is one integer column. The
     * default is empty: a source that does not implement it gets the key-by-key listing.
     */
    default Optional<KeyBlocks> readKeyBlocks(TableSchema table, SourceColumn key, Optional<String> where,
                                              int fetchSize) throws Exception {
        return Optional.empty();
    }

    /**
     * Whether a column's values are single-precision floats that its reader hands over as the double of
     * their shortest decimal (PostgreSQL's real, MySQL's FLOAT). Such a value had another double in an
     * earlier release for some floats (see {@link ShortestFloat}): the identities of rows without a key
     * ({@code RowKeys}) are made from the earlier double, and verify takes an earlier double in the replica as
     * this one ({@link RowDigests#storedSinglePrecision}). False by default: a plug-in source's doubles are
     * taken as they are.
     */
    default boolean singlePrecision(SourceColumn column) {
        return false;
    }

    /**
     * For {@code replicate verify}: which of {@code request}'s columns this source digests in its own
     * SQL (true) and which it hands over as values for Java to digest (false), in column order (see
     * {@link RowDigests}). A column whose canonical text the SQL cannot build exactly as the column
     * reader would is handed over. The default refuses: a plug-in source verifies nothing until it
     * implements the three verify methods (docs/SOURCES.md).
     */
    default List<Boolean> columnsDigestedBySource(DigestRequest request) throws Exception {
        throw new SourceException("this source cannot be verified (it does not implement Source#rangeDigest)");
    }

    /**
     * Whether {@code replicate verify} may cut ranges of a key column that SQLite stores as text though its
     * values are not text (a date, a timestamp) at those stored texts: whether, for every value within the
     * column's domain (see {@link #keyOutsideTextOrder}), SQLite's byte order of the stored texts is this
     * source's order of the values, and this source compares its own values with a stored text cast back to
     * the column's type, exactly (so that the key's index serves each range). The request's values of such
     * a column are then those texts ({@link DigestRequest#cutAtStoredText}), bound, read and judged by
     * {@link #rangeBounds} as such. The default knows none: verify refuses such a key.
     */
    default boolean cutsAtStoredText(SourceColumn keyColumn) {
        return false;
    }

    /**
     * For a key column of {@code request} that this source {@link #cutsAtStoredText}: why the table's values
     * of it cannot be cut so, as a person reads it after the column's name ("holds -infinity, outside the
     * years 1 to 9999 ..."), naming a value it holds outside the column's domain, as the source prints it;
     * empty when every value lies within. Asked once, before verify cuts ranges, of every row of the
     * table (a range reads the rows its {@code where} leaves out too), cheaply where the key's index can
     * say. The default finds none.
     */
    default Optional<String> keyOutsideTextOrder(DigestRequest request, SourceColumn keyColumn) throws Exception {
        return Optional.empty();
    }

    /**
     * What of this source's own, besides a configured key that is not unique, can make a table's key come
     * twice in the rows read, and what to do then, for the message that names such a key: said after
     * "or ". Empty when the source knows of nothing.
     */
    default Optional<String> repeatedKeyCause() {
        return Optional.empty();
    }

    /**
     * Which of the replica's keys may bound a range of {@code request} (see {@link KeyRange}): a test of a
     * key's values that needs no connection, asked for once before any range and then called from any
     * thread. A source that compares a key column in its own type (a uuid) refuses a text it would read
     * otherwise than SQLite orders it; the default takes every key.
     */
    default java.util.function.Predicate<List<Object>> rangeBounds(DigestRequest request) throws Exception {
        return key -> true;
    }

    /**
     * The digest of the rows of {@code range} the replica should hold (see {@link DigestRequest}):
     * their count and the md5 of their canonical texts in key order ({@link RangeDigest}). Verify may call
     * it from another thread than the other methods, and on a second instance opened for the same source
     * meanwhile; never on one instance from two threads at once.
     */
    default RangeDigest rangeDigest(DigestRequest request, KeyRange range) throws Exception {
        throw new SourceException("this source cannot be verified (it does not implement Source#rangeDigest)");
    }

    /**
     * Every row of {@code range}, expected or not, with its key, digest and {@link RowDigest.State}, in
     * ascending key order, handed to {@code rows} one at a time (a range may hold many rows).
     */
    default void rowDigests(DigestRequest request, KeyRange range, Consumer<RowDigest> rows) throws Exception {
        throw new SourceException("this source cannot be verified (it does not implement Source#rowDigests)");
    }

    /**
     * For {@code replicate verify --repair}: the rows of {@code range} the replica should hold, exactly
     * those {@link #rangeDigest} digests (a finite watermark at most the request's cursor, within its
     * {@code where}, not soft-deleted), in ascending key order, each {@link RowStream#values()} in the
     * order of {@link DigestRequest#columns()} and converted exactly as {@link #read} converts them (the
     * repair writes them as a run would); {@link RowStream#position()} is not used. Rows past the cursor
     * are never among them: a repair fixes rows, it does not move replication on. The default refuses.
     */
    default RowStream readExpected(DigestRequest request, KeyRange range, int fetchSize) throws Exception {
        throw new SourceException("this source cannot repair (it does not implement Source#readExpected)");
    }

    @Override
    void close() throws Exception;
}
