package dev.replicate.sqlite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * <p>One column a line: {@code +name} stored, {@code -name} gone from the source (its note said), and
 * {@code *name} one the table had that this release did not make (added by hand, or by a release that kept no
 * record). The {@code *} lines are kept in their own state column ({@code other_columns}, see
 * StateStore#recordOwnColumns): the builds that write own_columns but know no {@code *} lines write it again
 * without them, which lost the list, and leave other_columns as it is. Names compare without case, as
 * SQLite's do. A state an earlier release wrote records none: its table's columns
 * are recorded as the ones the source stores at the first run of this release, so a column dropped at the
 * source before then is kept as it was (with its values), like one added by hand; except in a table without
 * a key, whose columns made with it are known from their place, record or not (TableColumns#ownColumns).
 * A record that such a release ran the table after (a rollback, then this release again) may lack a column
 * that release added: until the next write of the record, a column the source stores is taken as replicate's
 * unless this release saw it as not its own ({@code *name}; see {@link TableColumns#otherReleaseRanSince}).
 */
final class OwnColumns {
    /** By lower-case name: whether the column is gone from the source. */
    private final Map<String, Boolean> columns;
    /** By lower-case name: the table's other columns when the record was written, not replicate's making. */
    private final Set<String> notMade;

    private OwnColumns(Map<String, Boolean> columns, Set<String> notMade) {
        this.columns = columns;
        this.notMade = notMade;
    }

    /** The record as the state holds it; empty where none was recorded. */
    static Optional<OwnColumns> parse(Optional<String> record) {
        return record.map(text -> {
            Map<String, Boolean> columns = new LinkedHashMap<>();
            Set<String> notMade = new LinkedHashSet<>();
            for (String line : text.split("\n")) {
                if (line.length() > 1 && (line.charAt(0) == '+' || line.charAt(0) == '-')) {
                    columns.put(unescape(line.substring(1)), line.charAt(0) == '-');
                } else if (line.length() > 1 && line.charAt(0) == '*') {
                    notMade.add(unescape(line.substring(1)));
                }
            }
            notMade.removeAll(columns.keySet());
            return new OwnColumns(columns, notMade);
        });
    }

    /** The columns of a table just made from the source's. */
    static OwnColumns made(Collection<String> stored) {
        Map<String, Boolean> columns = new LinkedHashMap<>();
        stored.forEach(name -> columns.put(name.toLowerCase(Locale.ROOT), false));
        return new OwnColumns(columns, Set.of());
    }

    /**
     * The record after this run: the columns the source stores now, and every recorded column (stored or
     * gone) that the SQLite table still has and the source no longer stores, as gone; the table's other
     * columns (but the row key) as not made.
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
        // In name order: the record is written again only when its text changes.
        Set<String> notMade = new java.util.TreeSet<>(present);
        notMade.removeAll(columns.keySet());
        notMade.remove(SqliteSql.ROW_KEY);
        return new OwnColumns(columns, notMade);
    }

    /** The columns the record holds (stored, or gone from the source), by lower-case name. */
    Set<String> names() {
        return Set.copyOf(columns.keySet());
    }

    /** Whether the record holds the column (stored, or gone from the source), by lower-case name. */
    boolean holds(String name) {
        return columns.containsKey(name);
    }

    /**
     * Whether the column (by lower-case name) was one the table had that replicate did not make, when the
     * record was written.
     */
    boolean notMade(String name) {
        return notMade.contains(name);
    }

    /** This record and {@code made}, columns replicate made that it lacks, as stored. */
    OwnColumns with(Collection<String> made) {
        Map<String, Boolean> all = new LinkedHashMap<>(columns);
        made.forEach(name -> all.putIfAbsent(name.toLowerCase(Locale.ROOT), false));
        Set<String> others = new LinkedHashSet<>(notMade);
        others.removeAll(all.keySet());
        return new OwnColumns(all, others);
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
        notMade.forEach(name -> text.append(text.length() == 0 ? "" : "\n").append('*').append(escape(name)));
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
