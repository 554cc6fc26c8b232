package dev.replicate.source;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The keys {@code after < key <= upTo}, either end open when empty. A key is the list of its columns'
 * values, in the key's order (one value for a one-column key), and keys compare as tuples: by their
 * first column, then by the next. Text values compare by their UTF-8 bytes on every side (SQLite's
 * BINARY collation; PostgreSQL's "C" in a UTF8 database, the UTF-8 bytes as bytea in another; MySQL's
 * binary strings; a column whose own order is that already, such as a uuid, as itself, see
 * SourceColumn#bytewise): a bound must select the same set of rows in the source and in the replica,
 * which a source's own collation (case-insensitive, or ordered by language) would not. A bound is
 * always of its column's kind and one the source takes (see dev.replicate.sync.StrayKeys).
 */
public record KeyRange(Optional<List<Object>> after, Optional<List<Object>> upTo) {
    public static final KeyRange ALL = new KeyRange(Optional.empty(), Optional.empty());

    /** A key as a person reads it: its one value, or its values in parentheses. */
    public static String describe(List<Object> key) {
        return key.size() == 1 ? String.valueOf(key.get(0))
                : key.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    @Override
    public String toString() {
        return "(" + after.map(KeyRange::describe).orElse("-inf") + ", " + upTo.map(KeyRange::describe).orElse("+inf")
                + "]";
    }
}
