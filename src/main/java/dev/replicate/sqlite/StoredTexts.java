package dev.replicate.sqlite;

import dev.replicate.source.CanonicalText;
import dev.replicate.source.SqliteType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The canonical texts (see {@link dev.replicate.source.RowDigests}) of a row's stored values, as
 * {@code verify} reads them from the replica: built by SQLite's own SQL for every value but a real,
 * one text per run of neighbouring columns, so that Java reads one value per run instead of two
 * native calls (storage class, value) per value.
 *
 * <p>Why: reading t1m's 10M values through {@link StoredRows} cost two native calls of ~55 ns each per
 * value, ~1.1 s of the 1.6-1.8 s of CPU the replica's pass took (BENCHMARKS.md, "verify's speed").
 * SQLite has no function that gives a real's IEEE 754 bits, which the canonical form of a real is: a
 * column declared REAL (or FLOAT, DOUBLE) is read as before, value by value; elsewhere a real makes
 * its run's text NULL (SQL's {@code ||} of a NULL), and that run is read value by value too, from the
 * plain columns the query selects after the texts. A value is thus never given a text SQL would get
 * wrong: the texts SQL builds are the ones {@link CanonicalText} writes, for the storage classes whose
 * form SQLite prints exactly (an integer's decimal digits, a text's bytes, a blob's hex).
 *
 * <p>{@code -Dreplicate.verify.sqlTexts=false} turns it off: every value read by itself, as {@link
 * CanonicalText} writes it from the value.
 */
public final class StoredTexts {
    /** A run of columns whose texts go into the same buffer: one SQL text, or one value read by itself. */
    private record Part(int first, int count, boolean inSql, boolean byValue) {
    }

    private final List<String> columns;
    private final List<Part> parts;
    /** Where the plain columns start among the selected ones, after the parts' texts (from the first column selected). */
    private final int plain;

    private StoredTexts(List<String> columns, List<Part> parts) {
        this.columns = columns;
        this.parts = parts;
        this.plain = (int) parts.stream().filter(p -> !p.byValue()).count();
    }

    /** Whether {@code -Dreplicate.verify.sqlTexts=false} asks for every value to be read by itself. */
    public static boolean enabled() {
        return !"false".equals(System.getProperty("replicate.verify.sqlTexts"));
    }

    /**
     * @param columns the stored columns, in order
     * @param inSql   for each, which of the two buffers its text goes in (see RowDigests)
     * @param sqlTexts whether SQL builds the texts it can; false: every value read by itself
     */
    public static StoredTexts of(Connection connection, String table, List<String> columns, boolean[] inSql,
                                 boolean sqlTexts) throws SQLException {
        Map<String, SqliteType> affinities = sqlTexts ? affinities(connection, table) : Map.of();
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < columns.size()) {
            boolean byValue = !sqlTexts || affinities.get(fold(columns.get(i))) == SqliteType.REAL;
            int end = i + 1;
            if (!byValue) {
                while (end < columns.size() && inSql[end] == inSql[i]
                        && affinities.get(fold(columns.get(end))) != SqliteType.REAL) {
                    end++;
                }
            }
            parts.add(new Part(i, end - i, inSql[i], byValue));
            i = end;
        }
        return new StoredTexts(List.copyOf(columns), List.copyOf(parts));
    }

    private static Map<String, SqliteType> affinities(Connection connection, String table) throws SQLException {
        Map<String, SqliteType> affinities = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT name, type FROM pragma_table_info(?)")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    affinities.put(fold(rs.getString(1)), SqliteType.affinityOf(rs.getString(2)));
                }
            }
        }
        return affinities;
    }

    /** SQLite's names match whatever the case of their ASCII letters. */
    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The select list: the runs' texts, then every column as it is stored. */
    public String selectList() {
        List<String> selected = new ArrayList<>();
        for (Part part : parts) {
            if (!part.byValue()) {
                List<String> texts = new ArrayList<>();
                for (int c = part.first(); c < part.first() + part.count(); c++) {
                    texts.add(canonical(SqliteSql.quote(columns.get(c))));
                }
                selected.add(String.join(" || ", texts));
            }
        }
        columns.forEach(c -> selected.add(SqliteSql.quote(c)));
        return String.join(", ", selected);
    }

    /**
     * A value's canonical text, NULL for a real. SQLite prints an integer as its decimal digits, and
     * {@code ||}, replace and hex work on a text's bytes as stored (a NUL or bytes that are not UTF-8 included).
     */
    private static String canonical(String c) {
        return "CASE typeof(" + c + ") WHEN 'text' THEN 'T' || replace(replace(" + c + ", '\\', '\\\\'), ';', '\\;')"
                + " || ';' WHEN 'integer' THEN 'I' || " + c + " || ';' WHEN 'null' THEN 'N' WHEN 'blob' THEN 'B' || lower(hex("
                + c + ")) || ';' END";
    }

    /**
     * The current row's canonical texts, appended in column order to {@code sqlText} (the columns in SQL)
     * and {@code javaText} (the others).
     *
     * @param first where this object's select list starts among the row's columns (from 0)
     */
    public void read(StoredRows stored, int first, CanonicalText sqlText, CanonicalText javaText) throws SQLException {
        int text = first;
        for (Part part : parts) {
            CanonicalText buffer = part.inSql() ? sqlText : javaText;
            if (!part.byValue()) {
                byte[] texts = stored.getBytesOrNull(text++);
                if (texts != null) {
                    buffer.canonical(texts, texts.length);
                    continue;
                }
            }
            for (int c = part.first(); c < part.first() + part.count(); c++) {
                value(stored, first + plain + c, buffer);
            }
        }
    }

    /** A value as it is stored, read by itself. */
    private static void value(StoredRows stored, int column, CanonicalText text) throws SQLException {
        switch (stored.type(column)) {
            case StoredRows.INTEGER -> text.integer(stored.getLong(column));
            case StoredRows.FLOAT -> text.real(stored.getDouble(column));
            case StoredRows.TEXT -> {
                byte[] utf8 = stored.getBytes(column);
                text.text(utf8, utf8.length);
            }
            case StoredRows.BLOB -> {
                byte[] blob = stored.getBytes(column);
                text.blob(blob, blob.length);
            }
            default -> text.nul();
        }
    }
}
