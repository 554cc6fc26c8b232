package dev.replicate.source;

import java.util.List;
import java.util.Optional;

/**
 * What {@code replicate verify} asks a source to digest: the rows a table's replica should hold, told
 * apart by their primary key (of one column or more). A row is <em>expected</em> in the replica when its watermark is finite and
 * at most {@code cursor} (rows above the stored cursor have not been read yet), the
 * table's {@code where} holds for it, and it is not marked by the soft-delete column.
 *
 * @param table          the table, as reflected
 * @param columns        the stored columns, in the order their values are hashed (see {@link RowDigests})
 * @param key            the key columns, in the key's order, each of kind {@link WatermarkKind#INTEGER} (its
 *                       values as {@code Long}) or {@link WatermarkKind#TEXT} (as {@code String}, compared by their
 *                       UTF-8 bytes), or a date or time the source cuts at its stored text (see
 *                       {@link #cutAtStoredText}: as {@code String}); keys compare as tuples (see {@link KeyRange}). For a table without a
 *                       primary key, the watermark alone, of any kind and not unique: {@link Source#rowDigests}
 *                       then streams the rows in watermark order, and {@link Source#readExpected} reads the
 *                       rows of one watermark value, bound by the source's values read back
 * @param watermark      the cursor column; null for a full table (refreshed whole on every run), whose every
 *                       row within {@code where} the replica should hold
 * @param cursor    the stored cursor, as a value of the watermark's kind: rows above it are pending; null
 *                       for a full table
 * @param where          the table's filter, in the source's dialect
 * @param softDelete     the soft-delete column, if any: a row it marks is not expected
 * @param softDeleteFlag whether that column is a boolean (marks when true) rather than a "deleted at" (marks when
 *                       not NULL)
 * @param storedKeys     the key's values are the replica's: a key of a table with a primary key, whose columns may
 *                       also be dates and times the source cuts at their stored text (see {@link #cutAtStoredText}).
 *                       False for a table without one, whose key (its watermark) is of its kind's Java type
 */
public record DigestRequest(TableSchema table, List<SourceColumn> columns, List<SourceColumn> key, SourceColumn watermark,
                            Object cursor, Optional<String> where, Optional<SourceColumn> softDelete,
                            boolean softDeleteFlag, boolean storedKeys) {

    public DigestRequest {
        key = List.copyOf(key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a digest request needs a key");
        }
    }

    /** A request whose key is of integer or text columns, or a watermark (see {@link #storedKeys}). */
    public DigestRequest(TableSchema table, List<SourceColumn> columns, List<SourceColumn> key, SourceColumn watermark,
                         Object cursor, Optional<String> where, Optional<SourceColumn> softDelete,
                         boolean softDeleteFlag) {
        this(table, columns, key, watermark, cursor, where, softDelete, softDeleteFlag, false);
    }

    /**
     * Whether a key column's values are the texts SQLite stores for values that are not text (a date, a
     * timestamp), cut into ranges at those texts and compared by the source as values of its own type
     * ({@link Source#cutsAtStoredText}): as {@code String}, ordered by their UTF-8 bytes in the replica.
     */
    public boolean cutAtStoredText(SourceColumn keyColumn) {
        return storedKeys && keyColumn.sqliteType() == SqliteType.TEXT
                && keyColumn.watermarkKind().filter(kind -> kind != WatermarkKind.TEXT).isPresent();
    }

    /** Whether the replica holds a key column's values as {@code String} (else as {@code Long}). */
    public boolean textValued(SourceColumn keyColumn) {
        return text(keyColumn) || cutAtStoredText(keyColumn);
    }

    /** Whether only rows the cursor has passed are expected: false for a full table, which has no cursor. */
    public boolean bounded() {
        return watermark != null;
    }

    /**
     * Whether a key column holds text, ordered and compared by its bytes (else integers): a text column,
     * or one stored as text whose source orders it by those bytes (PostgreSQL's uuid, see
     * {@link SourceColumn#bytewise}).
     */
    public static boolean text(SourceColumn keyColumn) {
        return keyKind(keyColumn) == WatermarkKind.TEXT;
    }

    /** How a key column's values are read and bound: its watermark kind, TEXT for a {@link SourceColumn#bytewise} one. */
    public static WatermarkKind keyKind(SourceColumn keyColumn) {
        return keyColumn.watermarkKind().orElseGet(() -> {
            if (keyColumn.bytewise() && keyColumn.sqliteType() == SqliteType.TEXT) {
                return WatermarkKind.TEXT;
            }
            throw new IllegalArgumentException("the key column " + keyColumn.name() + " cannot bound a range");
        });
    }
}
