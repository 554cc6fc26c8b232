package dev.replicate.source;

import java.util.Optional;

/**
 * The keys {@code after < key <= upTo}, either end open when empty. Text keys compare by their UTF-8
 * bytes on every side (SQLite's BINARY collation; PostgreSQL's "C"; MySQL's binary strings): a bound
 * must select the same set of rows in the source and in the replica, which a source's own collation
 * (case-insensitive, or ordered by language) would not.
 */
public record KeyRange(Optional<Object> after, Optional<Object> upTo) {
    public static final KeyRange ALL = new KeyRange(Optional.empty(), Optional.empty());

    @Override
    public String toString() {
        return "(" + after.map(String::valueOf).orElse("-inf") + ", " + upTo.map(String::valueOf).orElse("+inf") + "]";
    }
}
