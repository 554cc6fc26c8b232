package dev.replicate.source.jdbc;

import dev.replicate.source.SourceColumn;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A database's SQL for {@code replicate verify} (see {@link dev.replicate.source.RowDigests} for the
 * canonical text it must build): one small class per database, as the column readers are.
 */
public interface DigestSql {

    /**
     * The column's canonical text, never NULL, exactly as {@link dev.replicate.source.CanonicalText}
     * writes the value the column's reader gives; empty when the SQL cannot build it exactly for every
     * value (then the value is read and hashed in Java, exact by construction).
     */
    Optional<Canonical> canonical(SourceColumn column, String quoted);

    /**
     * A canonical text in two steps: the values a query selects from the table, each computed once, and
     * the text built from them (given their names in the outer query). A text that uses a value twice (a
     * length, then the value) would otherwise have the database compute it twice: a second jsonb or
     * timestamptz output costs PostgreSQL about a tenth of a range query.
     */
    record Canonical(List<String> values, Function<List<String>, String> text) {

        /** A text built from one value. */
        public static Canonical of(String value, UnaryOperator<String> text) {
            return new Canonical(List.of(value), names -> text.apply(names.get(0)));
        }

        /** The text in one step, each value written out where the text uses it. */
        public String inline() {
            return text.apply(values.stream().map(v -> "(" + v + ")").toList());
        }
    }

    /** The texts one after the other (never NULL: each part is not). */
    String concat(List<String> parts);

    /** The md5 of a text's UTF-8 bytes, in lower-case hex. */
    String md5(String text);

    /**
     * A select list of two values over the rows of a subquery ordered by {@code key}: their count, and the
     * md5 (lower-case hex) of their {@code text}s concatenated in the order of {@code key}, the md5 of the
     * empty text when there are none (see {@link dev.replicate.source.RangeDigest}).
     */
    String rangeDigest(String text, String key);

    /** Statements the session needs before {@link #rangeDigest} (a limit on the length of an aggregate text). */
    default List<String> sessionSetup() {
        return List.of();
    }

    /** The key as it is compared and ordered: text by its UTF-8 bytes, whatever the column's collation. */
    String comparedKey(String quoted, boolean text);

    /** A key parameter as {@link #comparedKey} compares it. */
    String keyParameter(boolean text);

    /** True when a soft-delete column marks the row; never NULL. */
    String softDeleted(String quoted, boolean flag);
}
