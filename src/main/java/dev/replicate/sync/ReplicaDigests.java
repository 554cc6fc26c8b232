package dev.replicate.sync;

import dev.replicate.source.CanonicalText;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.RowDigests;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.SqliteSql;
import dev.replicate.sqlite.StoredRows;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The replica's side of {@code verify}: the digests of the values SQLite holds, computed in Java as
 * {@link RowDigests} defines them (SQLite has no md5), each value's canonical text written from the
 * value as SQLite hands it over ({@link StoredRows}, {@link CanonicalText}). Keys compare as SQLite
 * compares them: integers as numbers, text by its bytes (BINARY), a key of more columns as a row value,
 * column by column; which is how the source is told to compare them too. A key is the list of its
 * columns' values (see {@link KeyRange}).
 */
final class ReplicaDigests {
    /**
     * A range of the first pass ends before its canonical texts pass this many bytes, whatever its row
     * count: the source builds the range's text in one piece to hash it (PostgreSQL's text values stop at
     * 1 GB; a server holds the piece in memory).
     */
    static final long RANGE_BYTES = 16L << 20;

    private final Replica replica;
    private final String table;
    /** The key columns, quoted, comma-separated: what the queries order by and select first. */
    private final String key;
    private final int keyWidth;
    private final String select;
    private final boolean[] inSql;
    /** For each column, whether it holds single-precision values, an earlier release's double taken as this one's (RowDigests). */
    private final boolean[] singlePrecision;
    private final boolean javaColumns;
    private final boolean direct;
    private final CanonicalText sqlText = new CanonicalText();
    private final CanonicalText javaText = new CanonicalText();
    private final MessageDigest md5 = RowDigests.md5();

    /**
     * @param columns the stored columns, in the source's order
     * @param inSql   for each, whether the source digests it in SQL (see RowDigests: its text goes in the
     *                first md5)
     * @param direct  whether to read through sqlite-jdbc's native methods where it allows it (see StoredRows)
     */
    ReplicaDigests(Replica replica, String table, List<String> key, List<String> columns, List<Boolean> inSql,
                   boolean direct) {
        this(replica, table, key, columns, inSql, java.util.Collections.nCopies(columns.size(), false), direct);
    }

    /** @param singlePrecision for each column, whether it holds single-precision values (Source#singlePrecision) */
    ReplicaDigests(Replica replica, String table, List<String> key, List<String> columns, List<Boolean> inSql,
                   List<Boolean> singlePrecision, boolean direct) {
        this.replica = replica;
        this.singlePrecision = new boolean[singlePrecision.size()];
        for (int i = 0; i < this.singlePrecision.length; i++) {
            this.singlePrecision[i] = singlePrecision.get(i);
        }
        this.table = SqliteSql.quote(table);
        this.key = key.stream().map(SqliteSql::quote).collect(Collectors.joining(", "));
        this.keyWidth = key.size();
        this.select = columns.stream().map(SqliteSql::quote).collect(Collectors.joining(", "));
        this.inSql = new boolean[inSql.size()];
        boolean anyJava = false;
        for (int i = 0; i < inSql.size(); i++) {
            this.inSql[i] = inSql.get(i);
            anyJava |= !inSql.get(i);
        }
        this.javaColumns = anyJava;
        this.direct = direct;
    }

    /** A range of the first pass and its digest. */
    interface RangeSink {
        void accept(KeyRange range, RangeDigest digest) throws Exception;
    }

    /**
     * The first pass: the whole table in key order, cut into contiguous ranges of {@code rows} rows (fewer
     * when their texts reach {@link #RANGE_BYTES}), the first open below and the last open above, each
     * handed over with its digest as soon as it is complete. One query reads the table once, instead of
     * a query for the keys and one per range. Only keys that pass {@code bound} end a range.
     */
    void pass(int rows, Predicate<List<Object>> bound, RangeSink sink) throws Exception {
        RangeDigest.Builder digest = new RangeDigest.Builder(javaColumns);
        Optional<List<Object>> after = Optional.empty();
        try (StoredRows stored = StoredRows.query(replica.connection(), "SELECT " + key + ", " + select + " FROM "
                + table + " ORDER BY " + key, List.of(), direct)) {
            while (stored.next()) {
                digest.row(texts(stored), javaText);
                if (digest.rows() >= rows || digest.bytes() >= RANGE_BYTES) {
                    // A key the source cannot be asked about (see StrayKeys) ends no range: the next one does.
                    List<Object> rowKey = key(stored);
                    if (!bound.test(rowKey)) {
                        continue;
                    }
                    Optional<List<Object>> upTo = Optional.of(rowKey);
                    sink.accept(new KeyRange(after, upTo), digest.build());
                    after = upTo;
                }
            }
        }
        sink.accept(new KeyRange(after, Optional.empty()), digest.build());
    }

    /** The digest of the range's rows. */
    RangeDigest rangeDigest(KeyRange range) throws SQLException {
        RangeDigest.Builder digest = new RangeDigest.Builder(javaColumns);
        try (StoredRows stored = rows(range)) {
            while (stored.next()) {
                digest.row(texts(stored), javaText);
            }
        }
        return digest.build();
    }

    /** The range's rows, key to digest, in key order. */
    Map<List<Object>, String> rowDigests(KeyRange range) throws SQLException {
        Map<List<Object>, String> digests = new LinkedHashMap<>();
        try (StoredRows stored = rows(range)) {
            each(stored, digests::put);
        }
        return digests;
    }

    /** Told each row with its key and row digest. */
    @FunctionalInterface
    interface RowSink {
        void accept(List<Object> key, String digest);
    }

    /**
     * Every row of the table in the order SQLite stores them (no ORDER BY: the sort of a whole table would be
     * held in memory, temp_store being MEMORY; a 1M-row table without a key peaked at 450 MiB so, against
     * 160 MiB for a keyed one), each with its key and row digest.
     */
    void eachStoredRow(RowSink sink) throws SQLException {
        try (StoredRows stored = StoredRows.query(replica.connection(), "SELECT " + key + ", " + select + " FROM "
                + table, List.of(), direct)) {
            each(stored, sink);
        }
    }

    private void each(StoredRows stored, RowSink sink) throws SQLException {
        CanonicalText row = new CanonicalText();
        while (stored.next()) {
            texts(stored);
            row.clear();
            row.ascii(RowDigests.hex(sqlText.md5(md5)));
            row.append(javaText);
            sink.accept(key(stored), RowDigests.hex(row.md5(md5)));
        }
    }

    private StoredRows rows(KeyRange range) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        range.after().ifPresent(parameters::addAll);
        range.upTo().ifPresent(parameters::addAll);
        return StoredRows.query(replica.connection(), "SELECT " + key + ", " + select + " FROM " + table + where(range)
                + " ORDER BY " + key, parameters, direct);
    }

    /** The current row's canonical texts: the SQL columns' in {@link #sqlText}, the others' in {@link #javaText}. */
    private CanonicalText texts(StoredRows stored) throws SQLException {
        sqlText.clear();
        javaText.clear();
        for (int i = 0; i < inSql.length; i++) {
            CanonicalText text = inSql[i] ? sqlText : javaText;
            int column = i + keyWidth;
            switch (stored.type(column)) {
                case StoredRows.INTEGER -> text.integer(stored.getLong(column));
                case StoredRows.FLOAT -> text.real(singlePrecision[i]
                        ? RowDigests.storedSinglePrecision(stored.getDouble(column)) : stored.getDouble(column));
                case StoredRows.TEXT -> {
                    byte[] utf8 = stored.getBytes(column);
                    text.text(utf8, utf8.length);
                }
                case StoredRows.BLOB -> {
                    byte[] blob = stored.getBytes(column);
                    text.blob(blob, blob.length);
                }
                default -> text.nul();
            }
        }
        return sqlText;
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

    /**
     * The key of the current row, from the first columns, as {@link #key(ResultSet)} reads it: an integer as
     * a Long, a UTF-8 text as a String, a real as a Double, a blob or a text that is not UTF-8 as its bytes
     * ({@link StoredBytes}), NULL as null (the last three only typed in by hand: never a bound).
     */
    private List<Object> key(StoredRows stored) throws SQLException {
        Object[] key = new Object[keyWidth];
        for (int k = 0; k < keyWidth; k++) {
            key[k] = switch (stored.type(k)) {
                case StoredRows.INTEGER -> stored.getLong(k);
                case StoredRows.FLOAT -> stored.getDouble(k);
                case StoredRows.TEXT -> text(stored.getBytes(k));
                case StoredRows.BLOB -> new StoredBytes(stored.getBytes(k), false);
                default -> null;
            };
        }
        return Arrays.asList(key);
    }

    private static Object text(byte[] utf8) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            return new StoredBytes(utf8, true);
        }
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
