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
 * without them, which lost the list, and leave other_columns as it is. A state an earlier release wrote records
 * none: its table's columns are recorded as the ones the source stores at the first run of this release, so a
 * column dropped at the source before then is kept as it was (with its values), like one added by hand; except
 * in a table without a key, whose columns made with it are known from their place, record or not
 * (TableColumns#ownColumns). A record that such a release ran the table after (a rollback, then this release
 * again) may lack a column that release added: until the next write of the record, a column the source stores is
 * taken as replicate's unless this release saw it as not its own ({@code *name}; see
 * {@link TableColumns#otherReleaseRanSince}).
 *
 * <p>Names compare as SQLite's do, ignoring the case of A-Z only ({@link SqliteSql#foldCase}): {@code café} and
 * {@code CAFÉ} are two columns. The releases before lower-cased each name as Java does (É to é, the Kelvin sign
 * to k), which made those two one line. So the record holds each line twice: as those releases wrote it, which
 * they go on reading after a rollback; and behind a {@code ~} ({@code ~+name}, {@code ~-name}, {@code ~*name}),
 * the name folded as SQLite folds it, which they skip and this release reads. All the {@code ~} lines stay in
 * own_columns, so that a release that writes it again drops them all at once. A record without them (one of
 * those releases wrote it) is read as they meant it: a name stands for the column of the table that Java
 * lower-cases to it ({@link #parse}). Where it is the lower case of more than one ({@code café} for {@code café}
 * and {@code CAFÉ}), such a release took them for one, and the record cannot say which it made: the source's
 * columns are, and the others are taken as not made, kept as they are with their values (one the user added by
 * hand, that release took for the source's), as a column is in a state without a record.
 */
final class OwnColumns {
    /** The mark of the lines this release reads, names folded as SQLite folds them (see the class comment). */
    private static final char FOLDED = '~';
    /** By folded name ({@link SqliteSql#foldCase}): whether the column is gone from the source. */
    private final Map<String, Boolean> columns;
    /** By folded name: the table's other columns when the record was written, not replicate's making. */
    private final Set<String> notMade;

    private OwnColumns(Map<String, Boolean> columns, Set<String> notMade) {
        this.columns = columns;
        this.notMade = notMade;
    }

    /**
     * The record as the state holds it; empty where none was recorded. One without {@code ~} lines (the class
     * comment) keeps names lower-cased as Java does: each stands for the table's columns ({@code present}, as
     * SQLite names them) that it names as SQLite compares names, or that are lower-cased to it as Java does
     * ({@code café} for {@code CAFÉ}); a name that stands for none is kept as it is. One that stands for more
     * than one ({@code café} for {@code café} and {@code CAFÉ}, which such a release took for one) stands for
     * those of them the source has ({@code atSource}); the others are not made: one may be the user's, added by
     * hand, and a column not made is never set to NULL nor dropped.
     *
     * @param atSource the source's columns, as it names them: those stored, and those excluded that it has
     */
    static Optional<OwnColumns> parse(Optional<String> record, Collection<String> present,
            Collection<String> atSource) {
        Set<String> sourceHas = new java.util.HashSet<>();
        atSource.forEach(name -> sourceHas.add(SqliteSql.foldCase(name)));
        return record.map(text -> {
            List<String> lines = text.lines().toList();
            boolean folded = false;
            for (String line : lines) {
                if (isFolded(line)) {
                    folded = true;
                    break;
                }
            }
            Map<String, List<String>> meant = folded ? Map.of() : meanings(present);
            Map<String, Boolean> columns = new LinkedHashMap<>();
            Set<String> notMade = new LinkedHashSet<>();
            Set<String> unsure = new LinkedHashSet<>();
            for (String line : lines) {
                if (folded != isFolded(line)) {
                    continue;
                }
                String entry = folded ? line.substring(1) : line;
                if (entry.length() < 2 || "+-*".indexOf(entry.charAt(0)) < 0) {
                    continue;
                }
                String name = unescape(entry.substring(1));
                String as = SqliteSql.foldCase(name);
                List<String> meaning = meant.getOrDefault(name, meant.getOrDefault(as, List.of(as)));
                for (String column : meaning) {
                    if (entry.charAt(0) == '*') {
                        notMade.add(column);
                    } else if (meaning.size() == 1 || sourceHas.contains(column)) {
                        columns.put(column, entry.charAt(0) == '-');
                    } else {
                        unsure.add(column);
                    }
                }
            }
            notMade.addAll(unsure);
            notMade.removeAll(columns.keySet());
            return new OwnColumns(columns, notMade);
        });
    }

    /** Whether the line is one this release reads ({@code ~} and a line as the releases before wrote it). */
    private static boolean isFolded(String line) {
        return line.length() > 2 && line.charAt(0) == FOLDED;
    }

    /**
     * What the names of a record without {@code ~} lines stand for: by each name such a record may hold for
     * them, the columns of {@code present}, folded; the lower case as Java makes it (what those releases
     * wrote), and the name as SQLite folds it.
     */
    private static Map<String, List<String>> meanings(Collection<String> present) {
        Map<String, List<String>> meanings = new java.util.HashMap<>();
        for (String column : present) {
            String folded = SqliteSql.foldCase(column);
            for (String name : new LinkedHashSet<>(List.of(column.toLowerCase(Locale.ROOT), folded))) {
                meanings.computeIfAbsent(name, k -> new ArrayList<>()).add(folded);
            }
        }
        return meanings;
    }

    /** The columns of a table just made from the source's. */
    static OwnColumns made(Collection<String> stored) {
        Map<String, Boolean> columns = new LinkedHashMap<>();
        stored.forEach(name -> columns.put(SqliteSql.foldCase(name), false));
        return new OwnColumns(columns, Set.of());
    }

    /**
     * The record after this run: the columns the source stores now, and every recorded column (stored or
     * gone) that the SQLite table still has and the source no longer stores, as gone; the table's other
     * columns (but the row key) as not made.
     *
     * @param before  the record so far; empty where none was kept
     * @param present the SQLite table's columns now, by folded name ({@link SqliteSql#foldCase})
     * @param stored  the columns the source stores now, by folded name
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

    /** The columns the record holds (stored, or gone from the source), by folded name. */
    Set<String> names() {
        return Set.copyOf(columns.keySet());
    }

    /** Whether the record holds the column (stored, or gone from the source), by folded name. */
    boolean holds(String name) {
        return columns.containsKey(name);
    }

    /**
     * Whether the column (by folded name) was one the table had that replicate did not make, when the
     * record was written.
     */
    boolean notMade(String name) {
        return notMade.contains(name);
    }

    /** This record and {@code made}, columns replicate made that it lacks, as stored. */
    OwnColumns with(Collection<String> made) {
        Map<String, Boolean> all = new LinkedHashMap<>(columns);
        made.forEach(name -> all.putIfAbsent(SqliteSql.foldCase(name), false));
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

    /** The columns gone from the source, by folded name. */
    List<String> gone() {
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, Boolean> column : columns.entrySet()) {
            if (column.getValue()) {
                gone.add(column.getKey());
            }
        }
        return gone;
    }

    /** Of {@link #gone}, those the record {@code before} still had as stored: gone since the last run. */
    List<String> goneSince(Optional<OwnColumns> before) {
        List<String> newly = new ArrayList<>();
        if (before.isEmpty()) {
            return newly;
        }
        for (String name : gone()) {
            if (Boolean.FALSE.equals(before.get().columns.get(name))) {
                newly.add(name);
            }
        }
        return newly;
    }

    /**
     * The text the state keeps: the lines the releases before read (names lower-cased as Java does, one line
     * for names that differ in their case only), then the same behind {@code ~} (names folded as SQLite does);
     * the {@code *} lines of the first last, which StateStore#recordOwnColumns keeps apart, so that the text
     * read back is this one.
     */
    String text() {
        Map<String, Boolean> lowerCased = new LinkedHashMap<>();
        columns.forEach((name, gone) -> lowerCased.putIfAbsent(name.toLowerCase(Locale.ROOT), gone));
        Set<String> othersLowerCased = new LinkedHashSet<>();
        notMade.forEach(name -> othersLowerCased.add(name.toLowerCase(Locale.ROOT)));
        othersLowerCased.removeAll(lowerCased.keySet());
        List<String> lines = new ArrayList<>();
        lowerCased.forEach((name, gone) -> lines.add((gone ? "-" : "+") + escape(name)));
        columns.forEach((name, gone) -> lines.add(FOLDED + (gone ? "-" : "+") + escape(name)));
        notMade.forEach(name -> lines.add(FOLDED + "*" + escape(name)));
        othersLowerCased.forEach(name -> lines.add("*" + escape(name)));
        return String.join("\n", lines);
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
