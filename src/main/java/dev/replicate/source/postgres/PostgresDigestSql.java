package dev.replicate.source.postgres;

import dev.replicate.source.DigestRequest;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.jdbc.DigestSql;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's verify SQL. Each canonical text below is built from the very expression the column
 * reader selects ({@link PostgresColumnReaders}), so it is what the reader would give: integers and
 * booleans as integers, bytea as hex, and every column the reader takes as PostgreSQL's own text
 * (numeric with its scale, uuid, interval, enums, json/jsonb, arrays as JSON) as that text, escaped
 * (see {@link dev.replicate.source.CanonicalText#text}) unless its type's text never holds a backslash
 * or a semicolon.
 *
 * <p>Built here too, and proven against the readers over edge values by the verify tests: double
 * precision by its bits ({@code float8send}: the reader's double is PostgreSQL's exactly, the driver
 * reading the shortest text that reads back); date and the timestamps as {@link
 * dev.replicate.source.TemporalText} writes them (the session is in UTC with ISO dates, see
 * PostgresConnector: years 1 to 9999 as PostgreSQL prints them, infinities as words, and other years,
 * BC ones as the ISO year 1 - N, as java.time prints them); character(n) with its padding, as the
 * reader keeps it (the output function's text, which the text cast would trim).
 *
 * <p>Handed to Java instead, exact by construction: real, which the reader stores as the double of
 * Java's shortest decimal text of the float, a form SQL cannot build.
 */
final class PostgresDigestSql implements DigestSql {
    /** The years PostgreSQL and java.time print alike (four digits, no era). */
    private static final String PLAIN_FROM = "0001-01-01";
    private static final String PLAIN_TO = "10000-01-01";
    /** A uuid as PostgreSQL prints it (uuid_out): lower-case hex in groups of 8, 4, 4, 4 and 12. */
    private static final java.util.regex.Pattern CANONICAL_UUID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** Whether the server's own bytes of a text are its UTF-8 bytes (see {@link #comparedKey}). */
    private final boolean utf8Bytes;
    private final boolean utf8;
    private final boolean jit;

    /**
     * @param serverEncoding the database's encoding, as the server reports it (server_encoding); in UTF8,
     *                       md5 hashes a text's bytes as they are, where convert_to would check every byte
     *                       of each range's text again (~8% of a range query)
     * @param jit            whether the server has a JIT to turn off (PostgreSQL 11 and newer)
     */
    PostgresDigestSql(String serverEncoding, boolean jit) {
        this.utf8 = serverEncoding.equals("UTF8");
        this.utf8Bytes = utf8 || serverEncoding.equals("SQL_ASCII");
        this.jit = jit;
    }

    @Override
    public Optional<String> canonical(SourceColumn column, String quoted) {
        String type = column.sourceType();
        return switch (PostgresTypes.category(type)) {
            case "integer" -> Optional.of("COALESCE('I' || " + quoted + " || ';', 'N')");
            case "boolean" -> Optional.of("CASE WHEN " + quoted + " IS NULL THEN 'N' WHEN " + quoted
                    + " THEN 'I1;' ELSE 'I0;' END");
            case "bytea" -> Optional.of("COALESCE('B' || encode(" + quoted + ", 'hex') || ';', 'N')");
            case "double" -> Optional.of(real(quoted));
            case "date" -> Optional.of(date(quoted));
            case "timestamp" -> Optional.of(timestamp(quoted));
            case "timestamptz" -> Optional.of(timestamptz(quoted));
            case "real" -> Optional.empty();
            // Digits, a sign and a point, or NaN and the infinities: nothing to escape.
            case "numeric" -> Optional.of("COALESCE('T' || " + quoted + "::text || ';', 'N')");
            case "plain-text" -> type.equals("character") || type.startsWith("character(")
                    // As its output function prints it, padded (the text cast would trim it); concat calls that.
                    ? Optional.of("CASE WHEN " + quoted + " IS NULL THEN 'N' ELSE " + textOf("concat(" + quoted + ")")
                            + " END")
                    : Optional.of(text(quoted + "::text"));
            case "array" -> Optional.of(text("to_json(" + quoted + ")::text"));
            default -> type.equals("uuid") ? Optional.of("COALESCE('T' || " + quoted + "::text || ';', 'N')")
                    : Optional.of(text(quoted + "::text"));
        };
    }

    /** A text's canonical form: T, the text with its backslashes and semicolons escaped, a semicolon. */
    private static String text(String expression) {
        return "COALESCE(" + textOf(expression) + ", 'N')";
    }

    /**
     * Escaped in the "C" collation: replace() refuses the text of a nondeterministic collation (ICU's
     * case-insensitive ones, say).
     */
    private static String textOf(String expression) {
        return "'T' || replace(replace((" + expression + ") COLLATE \"C\", E'\\\\', E'\\\\\\\\'), ';', E'\\\\;') || ';'";
    }

    /** By its bits; a zero of either sign as +0.0 (SQLite keeps no -0.0); NaN as the text it is stored as. */
    private static String real(String q) {
        return "CASE WHEN " + q + " IS NULL THEN 'N' WHEN " + q + " = 'NaN' THEN 'TNaN;' WHEN " + q
                + " = 0 THEN 'R0000000000000000;' ELSE 'R' || encode(float8send(" + q + "), 'hex') || ';' END";
    }

    /** Dates and timestamps print no backslash nor semicolon: their texts need no escaping. */
    private static String date(String q) {
        return "CASE WHEN " + q + " IS NULL THEN 'N' WHEN " + q + " >= DATE '" + PLAIN_FROM + "' AND " + q
                + " < DATE '" + PLAIN_TO + "' THEN 'T' || " + q + "::text || ';'"
                + infinities(q) + " ELSE 'T' || (" + isoDateOfText(q + "::text") + ") || ';' END";
    }

    private static String timestamp(String q) {
        return "CASE WHEN " + q + " IS NULL THEN 'N' WHEN " + q + " >= TIMESTAMP '" + PLAIN_FROM + "' AND " + q
                + " < TIMESTAMP '" + PLAIN_TO + "' THEN 'T' || " + q + "::text || ';'"
                + infinities(q) + " ELSE 'T' || (" + isoDate(q) + ") || ' ' || " + isoTime(q) + " || ';' END";
    }

    /**
     * Printed in the session's zone, UTC: 2024-01-01 00:00:00.5+00 becomes 2024-01-01T00:00:00.5+00:00,
     * as the COPY reader turns it too.
     */
    private static String timestamptz(String q) {
        String utc = "(" + q + " AT TIME ZONE 'UTC')";
        return "CASE WHEN " + q + " IS NULL THEN 'N' WHEN " + q + " >= TIMESTAMPTZ '" + PLAIN_FROM + " 00:00:00+00' AND "
                + q + " < TIMESTAMPTZ '" + PLAIN_TO + " 00:00:00+00' THEN 'T' || overlay(" + q + "::text placing 'T'"
                + " from 11 for 1) || ':00;'" + infinities(q) + " ELSE 'T' || (" + isoDate(utc) + ") || 'T' || "
                + isoTime(utc) + " || '+00:00;' END";
    }

    private static String infinities(String q) {
        return " WHEN " + q + " = 'infinity' THEN 'Tinfinity;' WHEN " + q + " = '-infinity' THEN 'T-infinity;'";
    }

    /**
     * The date of a finite timestamp outside the years 1 to 9999 as java.time prints it: a + and the year
     * past 9999; for a BC year N, the ISO year 1 - N (1 BC is 0000, 2 BC is -0001), with four digits at
     * least and a sign when negative; then -MM-DD. ({@code YYYY} prints the year of the era.)
     */
    private static String isoDate(String q) {
        String year = "to_char(" + q + ", 'YYYY')";
        return "CASE WHEN " + q + " >= '" + PLAIN_TO + "' THEN '+' || to_char(" + q + ", 'YYYY-MM-DD')"
                + " WHEN " + year + " = '0001' THEN '0000' || to_char(" + q + ", '-MM-DD')"
                + " ELSE '-' || lpad((" + year + "::integer - 1)::text, 4, '0') || to_char(" + q + ", '-MM-DD') END";
    }

    /**
     * {@link #isoDate} from a date's ISO text (0044-03-15 BC, 5874897-12-31), as a date past the
     * timestamps' range (294276 AD) cannot go through to_char.
     */
    private static String isoDateOfText(String text) {
        return "CASE WHEN right(" + text + ", 3) = ' BC' THEN (CASE WHEN left(" + text + ", 5) = '0001-' THEN '0000'"
                + " ELSE '-' || lpad((split_part(" + text + ", '-', 1)::integer - 1)::text, 4, '0') END)"
                + " || substr(" + text + ", strpos(" + text + ", '-'), 6) ELSE '+' || " + text + " END";
    }

    /** HH:MM:SS and the microseconds without their trailing zeros (none at all for whole seconds). */
    private static String isoTime(String q) {
        return "to_char(" + q + ", 'HH24:MI:SS') || rtrim(to_char(" + q + ", '.US'), '.0')";
    }

    @Override
    public String concat(List<String> parts) {
        return "(" + String.join(" || ", parts) + ")";
    }

    @Override
    public String md5(String text) {
        // The UTF-8 bytes whatever the server's encoding, as Java hashes them.
        return utf8 ? "md5(" + text + ")" : "md5(convert_to(" + text + ", 'UTF8'))";
    }

    /**
     * The texts in the subquery's order, which string_agg keeps (with nothing but the aggregate above the
     * subquery): an ORDER BY in the aggregate would sort each range again. A plan that lost the order
     * would only make ranges differ, then compared row by row, never make two look equal.
     */
    @Override
    public String rangeDigest(String text, String key) {
        return "count(*), " + md5("COALESCE(string_agg(" + text + ", ''), '')");
    }

    /**
     * No JIT: a range's query reads a few thousand rows, and a generic plan's estimate for an open range
     * can pass jit_above_cost, whose compilation of the long canonical expression then costs more than the
     * query (some 100 ms a range on the bench table).
     */
    @Override
    public List<String> sessionSetup() {
        return jit ? List.of("SET jit = off") : List.of();
    }

    /**
     * The "C" collation compares a text by the server's bytes of it: in a UTF8 database (and in SQL_ASCII,
     * which stores the bytes the driver sends, UTF-8) those are its UTF-8 bytes, SQLite's BINARY order. The
     * column's own collation (en_US...) orders differently, and a bound taken from the replica would not
     * split the rows into the same sets. (citext's operators ignore COLLATE: hence ::text.) In any other
     * encoding (WIN1252 puts € 0x80 before é 0xE9; in UTF-8 é C3 A9 comes first) the UTF-8 bytes are
     * compared, as bytea: exact, but convert_to costs 5 to 9 times the CPU of the "C" comparison per row
     * scanned (a range of 8,000 of 1M rows, PostgreSQL 15: 60 ms against 300 ms in UTF8, 550 ms in
     * WIN1252), so only where it is needed. Neither form is served by the key's index: every range reads
     * the whole table.
     *
     * <p>A column whose own order is that byte order already ({@link SourceColumn#bytewise}, see
     * PostgresCatalog: a uuid, whose order is that of its 16 bytes and so of its canonical lower-case text;
     * a text of the "C", "POSIX" or "ucs_basic" collation in a UTF8 or SQL_ASCII database) is compared as
     * itself, its parameter of its own type: the key's index serves the range.
     */
    @Override
    public String comparedKey(SourceColumn keyColumn, String quoted) {
        if (!DigestRequest.text(keyColumn) || keyColumn.bytewise()) {
            return quoted;
        }
        String text = PostgresTypes.exactText(keyColumn.sourceType(), quoted);
        return utf8Bytes ? text + " COLLATE \"C\"" : "convert_to(" + text + ", 'UTF8')";
    }

    @Override
    public String keyParameter(SourceColumn keyColumn) {
        return DigestRequest.text(keyColumn) && !keyColumn.bytewise() && !utf8Bytes ? "convert_to(?::text, 'UTF8')"
                : "?";
    }

    /** A uuid compared as uuid is bounded only by the text PostgreSQL prints for one (see DigestSql#bound). */
    @Override
    public boolean bound(SourceColumn keyColumn, Object value) {
        return !(keyColumn.bytewise() && keyColumn.sourceType().equals("uuid"))
                || value instanceof String text && CANONICAL_UUID.matcher(text).matches();
    }

    @Override
    public String softDeleted(String quoted, boolean flag) {
        return flag ? "COALESCE(" + quoted + ", FALSE)" : "(" + quoted + " IS NOT NULL)";
    }
}
