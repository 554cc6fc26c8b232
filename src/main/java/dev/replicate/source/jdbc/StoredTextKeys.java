package dev.replicate.source.jdbc;

import dev.replicate.source.SourceColumn;
import java.util.Optional;

/**
 * How a database lets {@code replicate verify} cut a date or time key into ranges at the text SQLite
 * stores for it ({@link dev.replicate.source.TemporalText}), one small class per database: which columns'
 * texts sort as their values within a domain, the SQL that casts a stored text back to the column's type
 * (so that the source compares its own values, through the key's index), which texts may bound a range,
 * and how to find a value outside that domain.
 */
public interface StoredTextKeys {

    /**
     * The key parameter, a stored text, cast back to the column's type ({@code CAST(? AS timestamp)}): its
     * value exactly, whatever the column's precision. Empty for a column whose stored texts do not sort as
     * its values (verify then refuses the key).
     */
    Optional<String> parameter(SourceColumn keyColumn);

    /**
     * Whether a text the replica holds in such a key column may bound a range: the stored text of a value
     * within the domain, exactly as the readers write it (another spelling, a word, a year out of range,
     * typed into the replica by hand, would sort elsewhere among the texts than its value among the
     * values). Such a text never bounds a range: the ranges are cut at the other keys.
     */
    boolean bound(SourceColumn keyColumn, String text);

    /**
     * A query of one column, whose first row (if any) holds a value of the column outside the domain as
     * the database prints it, or NULL when there is none.
     *
     * @param quoted the column, quoted
     * @param from   what to read: the table, or a query entry's query as a derived table
     */
    String outsideQuery(SourceColumn keyColumn, String quoted, String from);

    /** The domain, as a person reads it after "outside": "the years 1 to 9999 (no BC year, no infinity)". */
    String domain();
}
