package dev.replicate.sqlite;

import dev.replicate.source.SourceColumn;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A target table's columns as they stand and which of them replicate made ({@link #ownColumns}), read
 * once: a run that may rebuild a table without a key asks several questions of them. Only the columns
 * replicate made are its to change: one the user added by hand is kept, never set to
 * NULL, and never written with the source's values ({@link #refuseTakingOver}).
 *
 * @param existing  the columns as SQLite has them ({@code table_info})
 * @param own       the columns replicate made, by folded name ({@link SqliteSql#foldCase}); empty where that
 *                  cannot be told (a keyed table in a file an earlier release wrote, before its first run of this one);
 *                  a record such a release wrote read for the source's columns ({@link #of})
 * @param generated the generated columns ({@code AS (...)}), which replicate never makes and
 *                  {@code table_info} leaves out
 * @param recorded  the state's record of the columns made, as stored ({@code own_columns} and
 *                  {@code other_columns}): a run writes it again only when it changes, or while
 *                  {@code otherReleaseRanSince}; empty where it is to be written again however it reads (none, or
 *                  one whose list of other columns is still in own_columns, StateStore.RecordedColumns#whole)
 * @param otherReleaseRanSince whether a release that keeps no record of the columns made ran the table since
 *                  this release's last run (a rollback, then this release again): such a release adds a column
 *                  new at the source and fills it without recording it, so a column the source stores is taken
 *                  as replicate's, as in a file such a release wrote from the start, not refused as one added
 *                  by hand; unless this release saw it as not its own ({@link OwnColumns#notMade}). The record
 *                  is whole again once a run writes it (TargetTable#prepare), not before: a run that fails
 *                  earlier keeps the sign (StateStore#recordOwnColumns).
 */
public record TableColumns(TargetTable.Existing existing, Optional<OwnColumns> own, List<String> generated,
        Optional<String> recorded, boolean otherReleaseRanSince) {
    /**
     * The table's columns, read once: one PRAGMA for their names, and the state's record once.
     *
     * @param stored   the columns the source stores
     * @param excluded the source's columns left out that the caller knows of: all the configuration excludes, or
     *                 those of them the table holds as made (to drop), which read the record alike, since only the
     *                 table's columns are asked of it; none for verify. With {@code stored} they are the source's
     *                 columns: a name of a record an earlier release wrote that stands for more than one column of
     *                 the table stands for those the source has (OwnColumns#parse), and every question asked of
     *                 this answers by that one reading.
     */
    public static TableColumns of(Replica replica, String table, List<SourceColumn> stored,
            Collection<String> excluded) throws SQLException {
        List<String> atSource = new ArrayList<>(stored.size() + excluded.size());
        stored.forEach(column -> atSource.add(column.name()));
        atSource.addAll(excluded);
        List<String> present = new ArrayList<>();
        List<String> generated = new ArrayList<>();
        TargetTable.Existing existing = TargetTable.describe(replica, table, present, generated);
        StateStore.RecordedColumns recorded = new StateStore(replica).ownColumns(table);
        return new TableColumns(existing,
                ownColumns(replica, table, recorded.text(), present, atSource), List.copyOf(generated),
                recorded.whole() ? recorded.text() : Optional.empty(),
                recorded.text().isPresent() && recorded.otherReleaseRanSince());
    }

    /**
     * The columns replicate made, by folded name ({@link SqliteSql#foldCase}); empty where that cannot be told.
     * Where the record may lack some ({@link #otherReleaseRanSince}), with them those the table has that the
     * source stores ({@code stored}) and this release did not see as not its own ({@link #isOwn}).
     */
    public Optional<Set<String>> ownNames(List<String> stored) {
        List<String> storedNames = folded(stored);
        return own.map(made -> {
            Set<String> names = new java.util.HashSet<>(made.names());
            existing.names().keySet().stream().filter(name -> isOwn(made, name, storedNames)).forEach(names::add);
            return Set.copyOf(names);
        });
    }

    /**
     * The columns the source stores ({@code stored}) that the table has, not recorded as made, taken as
     * replicate's since another release ran ({@link #otherReleaseRanSince}), as SQLite names them: each is
     * named in a note, since one the user added by hand after this release's last run cannot be told apart.
     */
    public List<String> takenAsOwn(List<String> stored) {
        if (!otherReleaseRanSince || own.isEmpty()) {
            return List.of();
        }
        return folded(stored).stream().filter(existing.names()::containsKey)
                .filter(name -> !own.get().holds(name) && !own.get().notMade(name))
                .map(existing.names()::get).toList();
    }

    /**
     * Whether {@code made} counts the column (by folded name) as replicate's: recorded so; or, while the
     * record may lack it ({@link #otherReleaseRanSince}), one the source stores ({@code storedNames}) that
     * this release did not see as not its own.
     */
    private boolean isOwn(OwnColumns made, String name, List<String> storedNames) {
        return made.holds(name)
                || otherReleaseRanSince && storedNames.contains(name) && !made.notMade(name);
    }

    /**
     * The columns replicate stored that the source no longer stores (dropped or renamed there), as
     * SQLite names them; none where nothing was recorded.
     *
     * @param stored the columns the source stores now
     */
    public List<String> goneFromSource(List<String> stored) {
        return OwnColumns.after(own, existing.names().keySet(), folded(stored)).gone().stream()
                .map(existing.names()::get).toList();
    }

    /**
     * The columns replicate did not make, as SQLite names them: not among {@link #own}, nor the row key,
     * and the generated ones. Where {@link #own} cannot be told, every column but the stored ones
     * ({@code stored}, the source's) and the row key: a column of the user's must not be lost. Where it
     * can, a stored column is the user's all the same when it is not among them: one added by hand that
     * the source has since added under the same name; unless the record may lack it ({@link #isOwn}).
     */
    public List<String> madeByHand(List<String> stored) {
        List<String> storedNames = folded(stored);
        List<String> byHand = new ArrayList<>(existing.names().entrySet().stream()
                .filter(column -> !column.getKey().equals(SqliteSql.ROW_KEY)
                        && !own.map(made -> isOwn(made, column.getKey(), storedNames))
                                .orElse(storedNames.contains(column.getKey())))
                .map(Map.Entry::getValue).toList());
        byHand.addAll(generated);
        return byHand;
    }

    /**
     * Of {@code excluded} (columns the table has that the configuration excludes), those replicate made.
     * Where {@link #own} cannot be told, fails naming them: neither dropping what may be the user's values
     * nor keeping what may be values the exclusion is meant to remove is safe to guess. So does one the
     * record may lack ({@link #otherReleaseRanSince}: neither recorded as made nor seen as not made): kept,
     * the record written after would leave it the user's for good, its values there.
     */
    public List<String> madeOf(Replica replica, String table, List<String> excluded) throws SchemaConflictException {
        if (excluded.isEmpty()) {
            return List.of();
        }
        if (own.isPresent() && !otherReleaseRanSince) {
            return excluded.stream().filter(column -> own.get().holds(SqliteSql.foldCase(column))).toList();
        }
        List<String> unknown = own.isEmpty() ? excluded : excluded.stream()
                .filter(column -> !own.get().holds(SqliteSql.foldCase(column))
                        && !own.get().notMade(SqliteSql.foldCase(column))).toList();
        if (unknown.isEmpty()) {
            return excluded.stream().filter(column -> own.get().holds(SqliteSql.foldCase(column))).toList();
        }
        throw cannotBeTold(replica, table, unknown, own.isEmpty() ? "replicate has no record of which columns of "
                + table + " it made (an earlier release wrote the file)" : "replicate's record of the columns of "
                + table + " it made may lack " + (unknown.size() == 1 ? "it" : "them") + " (a release that keeps no"
                + " such record ran the table since, and may have added " + (unknown.size() == 1 ? "it" : "them")
                + ")");
    }

    /** The refusal of {@link #madeOf} for {@code excluded}, whose maker cannot be told for {@code reason}. */
    private SchemaConflictException cannotBeTold(Replica replica, String table, List<String> excluded, String reason) {
        String quoted = SqliteSql.quote(table);
        boolean one = excluded.size() == 1;
        return new SchemaConflictException("the column" + (one ? " " : "s ") + String.join(", ", excluded) + " of "
                + table + (one ? " is" : " are") + " excluded, and " + reason + ", so replicate does not drop "
                + (one ? "it" : "them") + " with "
                + (one ? "its" : "their") + " values, which may be yours. If " + (one ? "it is" : "they are")
                + " replicate's, drop " + (one ? "it" : "them") + " (" + ByHand.sqlite3(replica.path(),
                String.join("; ", excluded.stream().map(column -> "ALTER TABLE " + quoted + " DROP COLUMN "
                        + SqliteSql.quote(column)).toList())) + "); if " + (one ? "it is" : "they are") + " yours,"
                + " rename " + (one ? "it" : "them") + " (" + ByHand.sqlite3(replica.path(), String.join("; ",
                excluded.stream().map(column -> "ALTER TABLE " + quoted + " RENAME COLUMN " + SqliteSql.quote(column)
                        + " TO " + SqliteSql.quote(freeName(column))).toList())) + "); then run again");
    }

    /** The names folded as SQLite compares names ({@link SqliteSql#foldCase}), the keys of existing and own. */
    private static List<String> folded(List<String> names) {
        return names.stream().map(SqliteSql::foldCase).toList();
    }

    /**
     * The columns replicate made in {@code table}: the state's record ({@code recorded}), and in a table
     * without a key the columns its rows' identities were made from, as the state's read types list them
     * ({@code row_value_types}, which every release since the row identities writes with the first position
     * read under them). Those are replicate's whatever the record says: a file a release before the record
     * wrote has none, and such a release run on the file in between rebuilds the table for a column new at the
     * source without recording it. Taken for one added by hand, such a column dropped at the source kept the
     * table as it was, and every row read again was stored a second time (its identity no longer matched).
     *
     * <p>Only where neither is kept (a table a release before the read types made) do the columns before the
     * hidden row key count: replicate made that column last, and adds none before it. Not otherwise, since a
     * user who makes the table by hand (from {@code replicate reflect}'s DDL, with a column of their own and a
     * DEFAULT that ALTER TABLE refuses) may put a column there.
     */
    private static Optional<OwnColumns> ownColumns(Replica replica, String table, Optional<String> recorded,
            List<String> columns, List<String> atSource) throws SQLException {
        Optional<OwnColumns> record = OwnColumns.parse(recorded, columns, atSource);
        int rowKey = indexOfSameName(columns, SqliteSql.ROW_KEY);
        if (rowKey < 0) {
            return record; // a table with a key, or one a full refresh wrote: no identities of all its values
        }
        Optional<String> readTypes = new StateStore(replica).rowValueTypes(table);
        List<String> identities;
        if (readTypes.isPresent()) {
            identities = OwnColumns.namesOfReadTypes(readTypes.get());
        } else if (record.isEmpty() && TargetRecord.made(replica, table)) {
            identities = columns.subList(0, rowKey);
        } else {
            return record;
        }
        return Optional.of(record.map(known -> known.with(identities)).orElseGet(() -> OwnColumns.made(identities)));
    }

    private static int indexOfSameName(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (SqliteSql.sameName(names.get(i), name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Refuses to write into a column the source stores that replicate did not make: one the user added by
     * hand, whose name the source has added since ({@link #own} does not hold it), or a generated one
     * ({@code AS (...)}), which replicate never makes and SQLite cannot write into. Written into, the rows
     * read again would get the source's values and the others keep the user's, the column a silent mix of
     * both that neither the user nor verify could tell apart; a table without a key would store its rows
     * read again a second time. Checked before any DDL, so the table stays as it was. Where {@link #own}
     * cannot be told (a file an earlier release wrote, before its first run of this one), every column but
     * the generated ones is taken as replicate's.
     *
     * <p>The ways on are those a run takes: a table with a key adds the source's column beside one renamed;
     * one without is synced again from the start for a column it stores anew (its rows are told apart by all
     * their values), which a column added by hand stops ({@link HandMadeObjects#refusingDrop}).
     *
     * @param key the table's key; empty for one without
     */
    void refuseTakingOver(Replica replica, String table, List<SourceColumn> sourceColumns, List<String> key)
            throws SchemaConflictException {
        Map<String, String> generatedNames = new java.util.HashMap<>();
        generated.forEach(name -> generatedNames.put(SqliteSql.foldCase(name), name));
        List<String> sourceNames = folded(sourceColumns.stream().map(SourceColumn::name).toList());
        List<String> byHand = sourceNames.stream()
                .map(name -> generatedNames.containsKey(name) ? generatedNames.get(name)
                        : existing.names().containsKey(name) && own.isPresent()
                                && !isOwn(own.get(), name, sourceNames)
                        ? existing.names().get(name) : null)
                .filter(java.util.Objects::nonNull).toList();
        if (byHand.isEmpty()) {
            return;
        }
        String drops = String.join("; ", byHand.stream().map(column -> "ALTER TABLE " + SqliteSql.quote(table)
                + " DROP COLUMN " + SqliteSql.quote(column)).toList());
        boolean one = byHand.size() == 1;
        // A column the record lacks may be one an earlier release added (run on the file in between, it did not
        // record it): the message says both. A generated column is none of replicate's making.
        boolean allGenerated = byHand.stream()
                .allMatch(column -> generatedNames.containsKey(SqliteSql.foldCase(column)));
        String conflict = "the column" + (one ? " " : "s ") + String.join(", ", byHand) + " of " + table
                + ", not made by replicate (added by hand" + (allGenerated ? "" : ", or by an earlier release") + "), "
                + (one ? "is now a column" : "are now columns") + " of the source too";
        if (key.isEmpty()) {
            throw new SchemaConflictException(conflict + ", and " + table + " has no primary key: its rows are told"
                    + " apart by all their values, so it must be dropped and synced again from the start, which would"
                    + " take " + (one ? "that column" : "those columns") + " with it, and " + (one ? "its" : "their")
                    + " values; replicate does not drop what it did not make, and the table keeps its rows until then."
                    + " Copy what you need of " + (one ? "it" : "them") + " into a table of your own, drop "
                    + (one ? "it" : "them") + " (" + ByHand.sqlite3(replica.path(), drops) + "), and run again");
        }
        String renames = renames(table, byHand);
        throw new SchemaConflictException(conflict + ": replicate does not write the source's values over yours (the"
                + " rows read again would get the source's, the others keep yours), so the table stops here, its rows"
                + " as they are. Rename " + (one ? "it" : "them") + " (" + ByHand.sqlite3(replica.path(), renames)
                + "), and the next run adds the source's beside " + (one ? "it" : "them") + ", filled for the rows read"
                + " from then on; or drop " + (one ? "it" : "them") + " with " + (one ? "its" : "their") + " values ("
                + ByHand.sqlite3(replica.path(), drops) + "); or run `replicate reset " + table + "`, which syncs the"
                + " table again from the start without " + (one ? "it" : "them"));
    }

    /** The SQL that renames the user's {@code columns} of {@code table} out of the source's way ({@link #freeName}). */
    String renames(String table, List<String> columns) {
        return String.join("; ", columns.stream().map(column -> "ALTER TABLE " + SqliteSql.quote(table)
                + " RENAME COLUMN " + SqliteSql.quote(column) + " TO " + SqliteSql.quote(freeName(column))).toList());
    }

    /** A name for the user's {@code column} that the table does not have: {@code column_by_hand}, numbered if taken. */
    private String freeName(String column) {
        String name = column + "_by_hand";
        for (int n = 2; taken(name); n++) {
            name = column + "_by_hand" + n;
        }
        return name;
    }

    private boolean taken(String name) {
        return existing.names().containsKey(SqliteSql.foldCase(name))
                || generated.stream().anyMatch(column -> SqliteSql.sameName(column, name));
    }
}
