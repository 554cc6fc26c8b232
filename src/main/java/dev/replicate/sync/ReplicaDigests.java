package dev.replicate.sync;

import dev.replicate.source.CanonicalText;
import dev.replicate.source.KeyRange;
import dev.replicate.source.RangeDigest;
import dev.replicate.source.RowDigests;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.SqliteSql;
import dev.replicate.sqlite.StoredRows;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The replica's side of {@code verify}: the digests of the values SQLite holds, computed in Java as
 * {@link RowDigests} defines them (SQLite has no md5), each value's canonical text written from the
 * value as SQLite hands it over ({@link StoredRows}, {@link CanonicalText}). Keys compare as SQLite
 * compares them: integers as numbers, text by its bytes (BINARY), which is how the source is told to
 * compare them too.
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
    private final String key;
    private final String select;
    private final boolean[] inSql;
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
    ReplicaDigests(Replica replica, String table, String key, List<String> columns, List<Boolean> inSql,
                   boolean direct) {
        this.replica = replica;
        this.table = SqliteSql.quote(table);
        this.key = SqliteSql.quote(key);
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
     * a query for the keys and one per range.
     */
    void pass(int rows, RangeSink sink) throws Exception {
        RangeDigest.Builder digest = new RangeDigest.Builder(javaColumns);
        Optional<Object> after = Optional.empty();
        try (StoredRows stored = StoredRows.query(replica.connection(), "SELECT " + key + ", " + select + " FROM "
                + table + " ORDER BY " + key, List.of(), direct)) {
            while (stored.next()) {
                digest.row(texts(stored), javaText);
                if (digest.rows() >= rows || digest.bytes() >= RANGE_BYTES) {
                    Optional<Object> upTo = Optional.of(stored.key(0));
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
    Map<Object, String> rowDigests(KeyRange range) throws SQLException {
        Map<Object, String> digests = new LinkedHashMap<>();
        CanonicalText row = new CanonicalText();
        try (StoredRows stored = rows(range)) {
            while (stored.next()) {
                texts(stored);
                row.clear();
                row.ascii(RowDigests.hex(sqlText.md5(md5)));
                row.append(javaText);
                digests.put(stored.key(0), RowDigests.hex(row.md5(md5)));
            }
        }
        return digests;
    }

    private StoredRows rows(KeyRange range) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        range.after().ifPresent(parameters::add);
        range.upTo().ifPresent(parameters::add);
        return StoredRows.query(replica.connection(), "SELECT " + key + ", " + select + " FROM " + table + where(range)
                + " ORDER BY " + key, parameters, direct);
    }

    /** The current row's canonical texts: the SQL columns' in {@link #sqlText}, the others' in {@link #javaText}. */
    private CanonicalText texts(StoredRows stored) throws SQLException {
        sqlText.clear();
        javaText.clear();
        for (int i = 0; i < inSql.length; i++) {
            CanonicalText text = inSql[i] ? sqlText : javaText;
            int column = i + 1;
            switch (stored.type(column)) {
                case StoredRows.INTEGER -> text.integer(stored.getLong(column));
                case StoredRows.FLOAT -> text.real(stored.getDouble(column));
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
    List<Object> splitKeys(KeyRange range, int parts) throws SQLException {
        List<Object> keys = new ArrayList<>();
        String sql = "SELECT " + key + " FROM " + table + where(range) + " ORDER BY " + key;
        try (PreparedStatement statement = replica.connection().prepareStatement(sql)) {
            bind(statement, range);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    keys.add(normalKey(rs.getObject(1)));
                }
            }
        }
        List<Object> bounds = new ArrayList<>();
        int step = Math.max(1, (keys.size() + parts - 1) / parts);
        for (int i = step - 1; i < keys.size() - 1; i += step) {
            bounds.add(keys.get(i));
        }
        return bounds;
    }

    /** Integer keys as Long, whatever width the driver picked; text as String. */
    static Object normalKey(Object key) {
        return key instanceof Number n && !(key instanceof Double) ? (Object) n.longValue() : key;
    }

    private String where(KeyRange range) {
        List<String> conditions = new ArrayList<>();
        range.after().ifPresent(a -> conditions.add(key + " > ?"));
        range.upTo().ifPresent(u -> conditions.add(key + " <= ?"));
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void bind(PreparedStatement statement, KeyRange range) throws SQLException {
        int index = 1;
        if (range.after().isPresent()) {
            statement.setObject(index++, range.after().get());
        }
        if (range.upTo().isPresent()) {
            statement.setObject(index, range.upTo().get());
        }
    }
}
