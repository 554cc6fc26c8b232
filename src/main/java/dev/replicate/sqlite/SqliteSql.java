package dev.replicate.sqlite;

import dev.replicate.source.SqliteType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The SQL the replica runs for replicated tables, built from names and types alone. */
public final class SqliteSql {
    /** The hidden identity of a row in a table without a primary key; see {@link RowKeys}. */
    public static final String ROW_KEY = "_replicate_row_key";

    private SqliteSql() {
    }

    /** A column of a replicated table. */
    public record Column(String name, SqliteType type) {
    }

    /**
     * Two source columns SQLite would take for one, as the reason a table cannot be replicated: SQLite's
     * names ignore case (ASCII letters only, as SQLite folds them), so "Name" and name, two columns to
     * PostgreSQL, would make it refuse the table with a bare "duplicate column name". The one check
     * behind both {@code validate-config --connect} and {@code run}.
     *
     * @param table the source table, for the message
     */
    public static Optional<String> columnsDifferingOnlyInCase(String table, List<String> columns) {
        Map<String, String> seen = new HashMap<>();
        for (String column : columns) {
            String other = seen.putIfAbsent(foldCase(column), column);
            if (other != null) {
                return Optional.of("the columns " + other + " and " + column + " of " + table
                        + " differ only in case, and SQLite's column names ignore case, so it cannot hold both;"
                        + " rename one of them at the source, or leave one out (\"excludeColumns\")");
            }
        }
        return Optional.empty();
    }

    /** A name as SQLite compares names: ASCII letters without case, every other character as it is. */
    public static String foldCase(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }

    /**
     * Whether SQLite takes {@code a} and {@code b} for one name ({@link #foldCase}). Not Java's
     * {@code equalsIgnoreCase}, which also folds the Kelvin sign into k, the long s into s, and more.
     */
    public static boolean sameName(String a, String b) {
        return foldCase(a).equals(foldCase(b));
    }

    /** Whether {@code a} and {@code b} name the same columns in the same order, as SQLite compares names. */
    public static boolean sameNames(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!sameName(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * The table, with the source's key as its primary key (NOT NULL, since SQLite would otherwise
     * let NULL keys slip past the conflict check), or, without a key, a hidden row key. Its unique index
     * is made apart, after a first sync's rows ({@link RowKeyIndex}); a table an earlier release made has
     * {@code UNIQUE} on the column instead.
     */
    public static String createTable(String table, List<Column> columns, List<String> key) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(quote(table)).append(" (\n");
        for (Column column : columns) {
            sql.append("  ").append(quote(column.name())).append(' ').append(column.type().name());
            if (key.contains(column.name())) {
                sql.append(" NOT NULL");
            }
            sql.append(",\n");
        }
        if (key.isEmpty()) {
            sql.append("  ").append(quote(ROW_KEY)).append(" TEXT NOT NULL\n");
        } else {
            sql.append("  PRIMARY KEY (").append(quoteAll(key)).append(")\n");
        }
        return sql.append(")").toString();
    }

    /**
     * A table without a primary key and without the hidden row key: a full table's rows are never
     * matched against stored ones (the table is rewritten whole), so they need no identity, and two
     * identical source rows stay two rows.
     */
    public static String createPlainTable(String table, List<Column> columns) {
        return "CREATE TABLE " + quote(table) + " (\n" + columns.stream()
                .map(c -> "  " + quote(c.name()) + " " + c.type().name()).collect(Collectors.joining(",\n")) + "\n)";
    }

    /**
     * A plain INSERT of {@code rows} rows at once, for a table that no row is matched in (see
     * {@link #createPlainTable}), or whose rows are not matched yet (a first sync without a key: see
     * {@link RowKeyIndex}; the columns then end with {@link #ROW_KEY}).
     */
    public static String insert(String table, List<String> columns, int rows) {
        return insertValues(table, columns, rows).toString();
    }

    /**
     * {@code INSERT INTO "table" ("a", "b") VALUES (?, ?), (?, ?)}, for {@code rows} rows. Written
     * with one builder, no streams: a run builds one for each table it writes to, on a JVM that runs
     * this code cold, and a run of 500 tables spent about 50 ms on the upsert's text (issue #17).
     */
    private static StringBuilder insertValues(String table, List<String> columns, int rows) {
        StringBuilder sql = new StringBuilder(64 + columns.size() * (24 + 3 * rows));
        sql.append("INSERT INTO ");
        appendQuoted(sql, table).append(" (");
        appendQuotedAll(sql, columns).append(") VALUES ");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "?" : ", ?");
            }
            sql.append(')');
        }
        return sql;
    }

    public static String addColumn(String table, Column column) {
        return "ALTER TABLE " + quote(table) + " ADD COLUMN " + quote(column.name()) + " " + column.type().name();
    }

    /**
     * Insert-or-update by key. {@code ON CONFLICT DO UPDATE} rather than {@code INSERT OR REPLACE}:
     * replace deletes the old row first, which would drop columns this run does not write (those
     * dropped at the source) and fire delete triggers. Without a key, rows already present are skipped.
     * A row whose stored values all equal the new ones is left alone (see {@link #differs}): every run
     * reads again the rows on the stored watermark, and writing them unchanged would put their pages
     * into the write-ahead log and the file, fire UPDATE triggers, and count them as changed.
     */
    public static String upsert(String table, List<String> columns, List<String> key) {
        return upsert(table, columns, key, 1, Set.of());
    }

    /**
     * The same upsert for {@code rows} rows at once ({@code VALUES (...), (...)}); SQLite applies them
     * in order, so of two rows with one key the later wins, as with one statement per row.
     *
     * @param untyped the columns without affinity (declared BLOB or with no type), by folded name ({@link #foldCase}),
     *                whose stored values {@link #differs} compares more closely
     */
    public static String upsert(String table, List<String> columns, List<String> key, int rows, Set<String> untyped) {
        return upsert(table, columns, key, rows, untyped, List.of());
    }

    /**
     * As {@link #upsert(String, List, List, int, Set)}, and a row it updates gets NULL in each column of
     * {@code gone}: columns the table keeps that the source no longer has (dropped or renamed there). A
     * row read again must not keep a value the source no longer holds for it; rows not read again keep
     * theirs. A row already NULL there, its other values unchanged, is still left alone.
     */
    public static String upsert(String table, List<String> columns, List<String> key, int rows, Set<String> untyped,
                                List<String> gone) {
        if (key.isEmpty()) {
            List<String> inserted = new ArrayList<>(columns);
            inserted.add(ROW_KEY);
            StringBuilder sql = insertValues(table, inserted, rows).append(" ON CONFLICT (");
            return appendQuoted(sql, ROW_KEY).append(") DO NOTHING").toString();
        }
        StringBuilder sql = insertValues(table, columns, rows).append(" ON CONFLICT (");
        appendQuotedAll(sql, key).append(')');
        List<String> updated = new ArrayList<>(columns.size());
        for (String column : columns) {
            if (!key.contains(column)) {
                updated.add(column);
            }
        }
        if (updated.isEmpty() && gone.isEmpty()) {
            return sql.append(" DO NOTHING").toString();
        }
        sql.append(" DO UPDATE SET ");
        for (int i = 0; i < updated.size(); i++) {
            String column = updated.get(i);
            appendQuoted(i == 0 ? sql : sql.append(", "), column).append(" = excluded.");
            appendQuoted(sql, column);
        }
        for (int i = 0; i < gone.size(); i++) {
            appendQuoted(i == 0 && updated.isEmpty() ? sql : sql.append(", "), gone.get(i)).append(" = NULL");
        }
        List<String> conditions = new ArrayList<>(updated.size() + gone.size());
        for (String column : updated) {
            conditions.add(differs(column, untyped.contains(foldCase(column))));
        }
        for (String column : gone) {
            conditions.add(quote(column) + " IS NOT NULL");
        }
        sql.append(" WHERE ");
        return appendAnyOf(sql, conditions, 0, conditions.size()).toString();
    }

    /**
     * The conditions joined by OR as a balanced tree. A chain {@code a OR b OR c ...} is as deep as it
     * is long, and SQLite refuses an expression deeper than 1,000 (SQLITE_MAX_EXPR_DEPTH): a table of
     * more columns (PostgreSQL allows 1,600) could not be upserted at all.
     */
    private static StringBuilder appendAnyOf(StringBuilder sql, List<String> conditions, int from, int to) {
        if (to - from == 1) {
            return sql.append(conditions.get(from));
        }
        int half = from + (to - from) / 2;
        appendAnyOf(sql.append('('), conditions, from, half).append(" OR ");
        return appendAnyOf(sql, conditions, half, to).append(')');
    }

    /**
     * Whether the stored value of a column differs from the new one, exactly. {@code IS NOT} is the
     * NULL-safe comparison (NULL against a value differs, NULL against NULL does not), and it compares
     * by value: {@code excluded} holds the new value after the column's affinity converted it, as it
     * would be stored. Text is compared byte for byte ({@code COLLATE BINARY}: a NOCASE column of a
     * user's table must not make 'a' and 'A' equal), blobs byte for byte, numbers by value. Numbers are
     * where value and what is stored can part: an integer and a double of equal value compare equal,
     * and so do 0.0 and -0.0. In a column with an affinity the stored kind follows from the value
     * (INTEGER and NUMERIC store 2.0 as 2, REAL stores 2 as 2.0, and -0.0 as 0), so equal values are
     * stored alike. A column without affinity keeps what it is given, so there the storage classes are
     * compared too, and a double zero is always written (SQL cannot tell -0.0 from 0.0 apart).
     */
    static String differs(String column, boolean untyped) {
        String stored = quote(column);
        String given = "excluded." + quote(column);
        String differs = stored + " IS NOT " + given + " COLLATE BINARY";
        if (!untyped) {
            return differs;
        }
        return "(" + differs + " OR typeof(" + stored + ") <> typeof(" + given + ") OR (typeof(" + given
                + ") = 'real' AND " + given + " = 0))";
    }

    /** Deletes the row of one key, for a row read as soft-deleted at the source. */
    public static String deleteByKey(String table, List<String> key) {
        return "DELETE FROM " + quote(table) + " WHERE "
                + key.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
    }

    private static String quoteAll(List<String> names) {
        return appendQuotedAll(new StringBuilder(), names).toString();
    }

    private static StringBuilder appendQuotedAll(StringBuilder sql, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            appendQuoted(i == 0 ? sql : sql.append(", "), names.get(i));
        }
        return sql;
    }

    /** {@link #quote}, appended. */
    private static StringBuilder appendQuoted(StringBuilder sql, String identifier) {
        sql.append('"');
        if (identifier.indexOf('"') < 0) {
            sql.append(identifier);
        } else {
            sql.append(identifier.replace("\"", "\"\""));
        }
        return sql.append('"');
    }
}
