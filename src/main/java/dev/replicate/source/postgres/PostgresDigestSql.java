package dev.replicate.source.postgres;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.jdbc.DigestSql;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's verify SQL. Each canonical text below is built from the very expression the column
 * reader selects ({@link PostgresColumnReaders}), so it is what the reader would give: integers and
 * booleans as integers, bytea as hex, and every column the reader takes as PostgreSQL's own text
 * (numeric with its scale, uuid, interval, enums, json/jsonb, arrays as JSON) as that text. Lengths
 * are of the UTF-8 bytes: octet_length on a UTF8 server, else of the text converted.
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

    private final boolean utf8;

    /** @param utf8 whether the server's encoding is UTF8: a text's octet_length is then its length in UTF-8 */
    PostgresDigestSql(boolean utf8) {
        this.utf8 = utf8;
    }

    @Override
    public Optional<Canonical> canonical(SourceColumn column, String quoted) {
        String type = column.sourceType();
        return switch (PostgresTypes.category(type)) {
            case "integer" -> Optional.of(Canonical.of(quoted, v -> "COALESCE('I' || " + v + "::text || ';', 'N')"));
            case "boolean" -> Optional.of(Canonical.of(quoted, v -> "CASE WHEN " + v + " IS NULL THEN 'N' WHEN " + v
                    + " THEN 'I1;' ELSE 'I0;' END"));
            case "bytea" -> Optional.of(Canonical.of(quoted, v -> "COALESCE('B' || encode(" + v + ", 'hex') || ';', 'N')"));
            case "double" -> Optional.of(Canonical.of(quoted, PostgresDigestSql::real));
            case "date" -> Optional.of(Canonical.of(quoted, this::date));
            case "timestamp" -> Optional.of(new Canonical(List.of(quoted, quoted + "::text"),
                    v -> timestamp(v.get(0), v.get(1))));
            case "timestamptz" -> Optional.of(new Canonical(List.of(quoted, quoted + "::text"),
                    v -> timestamptz(v.get(0), v.get(1))));
            case "real" -> Optional.empty();
            case "plain-text" -> type.equals("character") || type.startsWith("character(")
                    // As its output function prints it, padded (the text cast would trim it); concat calls that.
                    ? Optional.of(Canonical.of("CASE WHEN " + quoted + " IS NOT NULL THEN concat(" + quoted + ") END",
                            this::text))
                    : Optional.of(Canonical.of(quoted + "::text", this::text));
            case "array" -> Optional.of(Canonical.of("to_json(" + quoted + ")::text", this::text));
            default -> Optional.of(Canonical.of(quoted + "::text", this::text));
        };
    }

    /** A text's canonical form: T, its length in UTF-8 bytes, a colon, the text. */
    private String text(String v) {
        return "COALESCE(" + textOf(v) + ", 'N')";
    }

    private String textOf(String v) {
        return "'T' || " + length(v) + " || ':' || " + v;
    }

    private String length(String v) {
        return utf8 ? "octet_length(" + v + ")" : "octet_length(convert_to(" + v + ", 'UTF8'))";
    }

    /** By its bits; a zero of either sign as +0.0 (SQLite keeps no -0.0); NaN as the text it is stored as. */
    private static String real(String v) {
        return "CASE WHEN " + v + " IS NULL THEN 'N' WHEN " + v + " = 'NaN' THEN 'T3:NaN' WHEN " + v
                + " = 0 THEN 'R0000000000000000;' ELSE 'R' || encode(float8send(" + v + "), 'hex') || ';' END";
    }

    private String date(String v) {
        return "CASE WHEN " + v + " IS NULL THEN 'N' WHEN " + v + " >= DATE '" + PLAIN_FROM + "' AND " + v
                + " < DATE '" + PLAIN_TO + "' THEN 'T10:' || " + v + "::text"
                + infinities(v) + " ELSE " + textOf("(" + isoDateOfText(v + "::text") + ")") + " END";
    }

    /**
     * {@link #isoDate} from a date's ISO text (2024-05-01, 0044-03-15 BC, 5874897-12-31), as a date past
     * the timestamps' range (294276 AD) cannot go through to_char.
     */
    private static String isoDateOfText(String text) {
        return "CASE WHEN right(" + text + ", 3) = ' BC' THEN (CASE WHEN left(" + text + ", 5) = '0001-' THEN '0000'"
                + " ELSE '-' || lpad((split_part(" + text + ", '-', 1)::integer - 1)::text, 4, '0') END)"
                + " || substr(" + text + ", strpos(" + text + ", '-'), 6) ELSE '+' || " + text + " END";
    }

    /** From the value and its text, as the session prints it (ISO). */
    private String timestamp(String v, String text) {
        return "CASE WHEN " + v + " IS NULL THEN 'N' WHEN " + v + " >= TIMESTAMP '" + PLAIN_FROM + "' AND " + v
                + " < TIMESTAMP '" + PLAIN_TO + "' THEN " + textOf(text)
                + infinities(v) + " ELSE " + textOf("(" + isoDate(v) + ") || ' ' || " + isoTime(v)) + " END";
    }

    /**
     * From the value and its text in the session's zone, UTC: 2024-01-01 00:00:00.5+00 becomes
     * 2024-01-01T00:00:00.5+00:00, as the COPY reader turns it too.
     */
    private String timestamptz(String v, String text) {
        String utc = "(" + v + " AT TIME ZONE 'UTC')";
        return "CASE WHEN " + v + " IS NULL THEN 'N' WHEN " + v + " >= TIMESTAMPTZ '" + PLAIN_FROM + " 00:00:00+00' AND "
                + v + " < TIMESTAMPTZ '" + PLAIN_TO + " 00:00:00+00' THEN 'T' || (octet_length(" + text + ") + 3) || ':' || "
                + "overlay(" + text + " placing 'T' from 11 for 1) || ':00'" + infinities(v) + " ELSE "
                + textOf("(" + isoDate(utc) + ") || 'T' || " + isoTime(utc) + " || '+00:00'") + " END";
    }

    private static String infinities(String v) {
        return " WHEN " + v + " = 'infinity' THEN 'T8:infinity' WHEN " + v + " = '-infinity' THEN 'T9:-infinity'";
    }

    /**
     * The date of a finite date or timestamp outside the years 1 to 9999 as java.time prints it: a + and
     * the year past 9999; for a BC year N, the ISO year 1 - N (1 BC is 0000, 2 BC is -0001), with four
     * digits at least and a sign when negative; then -MM-DD. ({@code YYYY} prints the year of the era.)
     */
    private static String isoDate(String v) {
        String year = "to_char(" + v + ", 'YYYY')";
        return "CASE WHEN " + v + " >= '" + PLAIN_TO + "' THEN '+' || to_char(" + v + ", 'YYYY-MM-DD')"
                + " WHEN " + year + " = '0001' THEN '0000' || to_char(" + v + ", '-MM-DD')"
                + " ELSE '-' || lpad((" + year + "::integer - 1)::text, 4, '0') || to_char(" + v + ", '-MM-DD') END";
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
        // convert_to: the UTF-8 bytes whatever the server's encoding, as Java hashes them.
        return "md5(convert_to(" + text + ", 'UTF8'))";
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
        return List.of("SET jit = off");
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
