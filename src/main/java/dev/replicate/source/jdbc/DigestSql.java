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
     * {@link dev.replicate.source.RowDigests#append} writes the value the column's reader gives; empty
     * when the SQL cannot build it exactly for every value (then the value is read and hashed in Java,
     * exact by construction).
     */
    Optional<String> canonical(SourceColumn column, String quoted);

    /** The texts one after the other (never NULL: each part is not). */
    String concat(List<String> parts);

    /** The md5 of a text's UTF-8 bytes, in lower-case hex. */
    String md5(String text);

    /**
     * A select list of three values over the 32-hex-digit column {@code hex}: the row count, and the sums
     * of the first 15 hex digits and of the next 15 as unsigned integers, exact (a decimal, never a float).
     */
    String sums(String hex);

    /** The key as it is compared and ordered: text by its UTF-8 bytes, whatever the column's collation. */
    String comparedKey(String quoted, boolean text);

    /** A key parameter as {@link #comparedKey} compares it. */
    String keyParameter(boolean text);

    /** True when a soft-delete column marks the row; never NULL. */
    String softDeleted(String quoted, boolean flag);
}
