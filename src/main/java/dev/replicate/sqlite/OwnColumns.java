package dev.replicate.sqlite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The columns replicate made in a target table, as the state records them
 * ({@code _replicate_watermarks.own_columns}): those it stores now, and those it stored that the source no
 * longer has (dropped or renamed there) and the table still keeps. Only these are replicate's to change. A
 * column the user added to the SQLite table by hand is never set to NULL, nor a reason to rebuild a table
 * without a key.
 *
 * <p>One column a line: {@code +name} stored, {@code -name} gone from the source (its note said). Names
 * compare without case, as SQLite's do. A state an earlier release wrote records none: its table's columns
 * are recorded as the ones the source stores at the first run of this release, so a column dropped at the
 * source before then is kept as it was (with its values), like one added by hand; except in a table without
 * a key, whose columns made with it are known from their place, record or not (TableColumns#ownColumns).
 * A record that such a release ran the table after (a rollback, then this release again) may lack a column
 * that release added: until the next write of the record, the columns the source stores are taken as
 * replicate's ({@link TableColumns#outrun}).
 */
final class OwnColumns {
    /** By lower-case name: whether the column is gone from the source. */
    private final Map<String, Boolean> columns;

    private OwnColumns(Map<String, Boolean> columns) {
        this.columns = columns;
    }

    /** The record as the state holds it; empty where none was recorded. */
    static Optional<OwnColumns> parse(Optional<String> record) {
        return record.map(text -> {
            Map<String, Boolean> columns = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.length() > 1 && (line.charAt(0) == '+' || line.charAt(0) == '-')) {
                    columns.put(unescape(line.substring(1)), line.charAt(0) == '-');
                }
            }
            return new OwnColumns(columns);
        });
    }

    /** The columns of a table just made from the source's. */
    static OwnColumns made(Collection<String> stored) {
        Map<String, Boolean> columns = new LinkedHashMap<>();
        stored.forEach(name -> columns.put(name.toLowerCase(Locale.ROOT), false));
        return new OwnColumns(columns);
    }

    /**
     * The record after this run: the columns the source stores now, and every recorded column (stored or
     * gone) that the SQLite table still has and the source no longer stores, as gone.
     *
     * @param before  the record so far; empty where none was kept
     * @param present the SQLite table's columns now, by lower-case name
     * @param stored  the columns the source stores now, by lower-case name
     */
    static OwnColumns after(Optional<OwnColumns> before, Set<String> present, Collection<String> stored) {
        Map<String, Boolean> columns = new LinkedHashMap<>();
        stored.forEach(name -> columns.put(name, false));
        before.ifPresent(record -> record.columns.keySet().forEach(name -> {
            if (!columns.containsKey(name) && present.contains(name)) {
                columns.put(name, true);
            }
        }));
        return new OwnColumns(columns);
    }

    /** The columns the record holds (stored, or gone from the source), by lower-case name. */
    Set<String> names() {
        return Set.copyOf(columns.keySet());
    }

    /** Whether the record holds the column (stored, or gone from the source), by lower-case name. */
    boolean holds(String name) {
        return columns.containsKey(name);
    }

    /** This record and {@code made}, columns replicate made that it lacks, as stored. */
    OwnColumns with(Collection<String> made) {
        Map<String, Boolean> all = new LinkedHashMap<>(columns);
        made.forEach(name -> all.putIfAbsent(name.toLowerCase(Locale.ROOT), false));
        return new OwnColumns(all);
    }

    /**
     * The column names of a table's read types ({@code row_value_types}: one {@code type<TAB>name} a line,
     * the name escaped as here), which for a table without a key are every column its rows' identities
     * were made from.
     */
    static List<String> namesOfReadTypes(String readTypes) {
        List<String> names = new ArrayList<>();
        for (String line : readTypes.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                names.add(unescape(line.substring(tab + 1)));
            }
        }
        return names;
    }

    /** The columns gone from the source, by lower-case name. */
    List<String> gone() {
        return columns.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    /** Of {@link #gone}, those the record {@code before} still had as stored: gone since the last run. */
    List<String> goneSince(Optional<OwnColumns> before) {
        List<String> newly = new ArrayList<>();
        for (String name : gone()) {
            if (before.map(record -> Boolean.FALSE.equals(record.columns.get(name))).orElse(false)) {
                newly.add(name);
            }
        }
        return newly;
    }

    /** The text the state keeps. */
    String text() {
        StringBuilder text = new StringBuilder();
        columns.forEach((name, gone) -> text.append(text.length() == 0 ? "" : "\n").append(gone ? '-' : '+')
                .append(escape(name)));
        return text.toString();
    }

    /** A column name on one line: a name may hold a line break. */
    private static String escape(String name) {
        return name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String text) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                name.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }
}
