package dev.replicate.source.jdbc;

import dev.replicate.source.SourceColumn;
import java.util.List;
import java.util.Optional;

/**
 * A database's SQL for {@code replicate verify} (see {@link dev.replicate.source.RowDigests} for the
 * canonical text it must build): one small class per database, as the column readers are.
 */
public interface DigestSql {

    /**
     * The column's canonical text as an SQL expression that is never NULL, exactly as
     * {@link dev.replicate.source.CanonicalText} writes the value the column's reader gives; empty when
     * the SQL cannot build it exactly for every value (then the value is read and hashed in Java, exact
     * by construction).
     */
    Optional<String> canonical(SourceColumn column, String quoted);

    /** The texts one after the other (never NULL: each part is not). */
    String concat(List<String> parts);

    /** The md5 of a text's UTF-8 bytes, in lower-case hex. */
    String md5(String text);

    /** The empty text, the canonical text of a row whose columns are all checked in Java. */
    default String emptyText() {
        return "''";
    }

    /**
     * A select list of two values over the rows of a subquery ordered by its columns {@code key} (the key's
     * compared values, comma-separated): their count, and the md5 (lower-case hex) of its column
     * {@code text} concatenated in the order of {@code key}, the md5 of the empty text when there are none (see {@link dev.replicate.source.RangeDigest}).
     */
    String rangeDigest(String text, String key);

    /** Statements the session needs before {@link #rangeDigest} (a limit on the length of an aggregate text). */
    default List<String> sessionSetup() {
        return List.of();
    }

    /**
     * The key column as it is compared and ordered: an integer as itself; a text by its UTF-8 bytes,
     * SQLite's BINARY order, whatever the column's collation. A {@link SourceColumn#bytewise} column, whose
     * own order is that already, as itself, so that the key's index serves the range.
     */
    String comparedKey(SourceColumn keyColumn, String quoted);

    /** A key parameter as {@link #comparedKey} compares it. */
    String keyParameter(SourceColumn keyColumn);

    /**
     * Whether a value the replica holds in a key column (of the column's kind, see
     * dev.replicate.sync.StrayKeys) can bound a range as {@link #keyParameter} binds it, splitting the
     * source's rows as SQLite's BINARY order splits the replica's: a uuid column compared as uuid takes
     * only the canonical lower-case text, which the source prints (an upper-case one would parse to the
     * same uuid but sort elsewhere among the texts). Such a value never bounds a range: the ranges are
     * cut at the other keys.
     */
    default boolean bound(SourceColumn keyColumn, Object value) {
        return true;
    }

    /** True when a soft-delete column marks the row; never NULL. */
    String softDeleted(String quoted, boolean flag);
}
