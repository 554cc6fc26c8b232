package dev.replicate.source.postgres;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.jdbc.DigestSql;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's verify SQL. Each canonical text below is built from the very expression the column
 * reader selects ({@link PostgresColumnReaders}), so it is what the reader would give: integers and
 * booleans as integers, bytea as hex, and every column the reader takes as PostgreSQL's own text
 * (numeric with its scale, uuid, interval, enums, json/jsonb, arrays as JSON) as that text.
 *
 * <p>Handed to Java instead, exact by construction: real and double precision (PostgreSQL prints the
 * shortest text that reads back, in its own format, not Java's), date and the timestamps (the reader
 * formats them itself, with infinities and BC years), and character(n) (its reader keeps the padding
 * that PostgreSQL's text cast drops).
 */
final class PostgresDigestSql implements DigestSql {

    @Override
    public Optional<String> canonical(SourceColumn column, String quoted) {
        String type = column.sourceType();
        return switch (PostgresTypes.category(type)) {
            case "integer" -> Optional.of("COALESCE('I' || " + quoted + "::text || ';', 'N')");
            case "boolean" -> Optional.of("CASE WHEN " + quoted + " IS NULL THEN 'N' WHEN " + quoted
                    + " THEN 'I1;' ELSE 'I0;' END");
            case "bytea" -> Optional.of("COALESCE('B' || encode(" + quoted + ", 'hex') || ';', 'N')");
            case "real", "double", "date", "timestamp", "timestamptz" -> Optional.empty();
            case "plain-text" -> type.equals("character") || type.startsWith("character(")
                    ? Optional.empty() : Optional.of(text(quoted + "::text"));
            case "array" -> Optional.of(text("to_json(" + quoted + ")::text"));
            default -> Optional.of(text(quoted + "::text"));
        };
    }

    /** A text's canonical form: T, its length in characters, a colon, the text. */
    private static String text(String expression) {
        return "COALESCE('T' || char_length(" + expression + ") || ':' || " + expression + ", 'N')";
    }

    @Override
    public String concat(List<String> parts) {
        return "(" + String.join(" || ", parts) + ")";
    }

    @Override
    public String md5(String text) {
        // convert_to: the UTF-8 bytes whatever the server's encoding, as Java hashes them.
        return "md5(convert_to(" + text + ", 'UTF8'))";
    }

    @Override
    public String sums(String hex) {
        // sum(bigint) is a numeric: exact however many rows.
        return "count(*), sum(('x' || substr(" + hex + ", 1, 15))::bit(60)::bigint),"
                + " sum(('x' || substr(" + hex + ", 16, 15))::bit(60)::bigint)";
    }

    @Override
    public String comparedKey(String quoted, boolean text) {
        // The "C" collation compares UTF-8 text by its bytes, as SQLite's BINARY does; the column's own
        // collation (en_US...) orders differently, and a bound taken from the replica would not split
        // the rows into the same sets. (citext's operators ignore COLLATE: hence ::text.)
        return text ? quoted + "::text COLLATE \"C\"" : quoted;
    }

    @Override
    public String keyParameter(boolean text) {
        return "?";
    }

    @Override
    public String softDeleted(String quoted, boolean flag) {
        return flag ? "COALESCE(" + quoted + ", FALSE)" : "(" + quoted + " IS NOT NULL)";
    }
}
