package dev.replicate.sqlite;

import dev.replicate.source.SourceColumn;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * @param own       the columns replicate made, by lower-case name; empty where that cannot be told (a keyed
 *                  table in a file an earlier release wrote, before its first run of this one)
 * @param generated the generated columns ({@code AS (...)}), which replicate never makes and
 *                  {@code table_info} leaves out
 */
public record TableColumns(TargetTable.Existing existing, Optional<OwnColumns> own, List<String> generated) {
    /** The table's columns, read once. */
    public static TableColumns of(Replica replica, String table) throws SQLException {
        return new TableColumns(TargetTable.describe(replica.connection(), table),
                ownColumns(replica, table, new StateStore(replica).ownColumns(table)), names(replica, table, true));
    }

    /** The columns replicate made, by lower-case name; empty where that cannot be told. */
    public Optional<Set<String>> ownNames() {
        return own.map(OwnColumns::names);
    }

    /**
     * The columns replicate stored that the source no longer stores (dropped or renamed there), as
     * SQLite names them; none where nothing was recorded.
     *
     * @param stored the columns the source stores now
     */
    public List<String> goneFromSource(List<String> stored) {
        return OwnColumns.after(own, existing.names().keySet(), lowerCase(stored)).gone().stream()
                .map(existing.names()::get).toList();
    }

    /**
     * The columns replicate did not make, as SQLite names them: not among {@link #own}, nor the row key,
     * and the generated ones. Where {@link #own} cannot be told, every column but the stored ones
     * ({@code stored}, the source's) and the row key: a column of the user's must not be lost. Where it
     * can, a stored column is the user's all the same when it is not among them: one added by hand that
     * the source has since added under the same name.
     */
    public List<String> madeByHand(List<String> stored) {
        List<String> storedNames = lowerCase(stored);
        List<String> byHand = new ArrayList<>(existing.names().entrySet().stream()
                .filter(column -> !column.getKey().equals(SqliteSql.ROW_KEY)
                        && !own.map(made -> made.holds(column.getKey())).orElse(storedNames.contains(column.getKey())))
                .map(Map.Entry::getValue).toList());
        byHand.addAll(generated);
        return byHand;
    }

    private static List<String> lowerCase(List<String> names) {
        return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
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
    static Optional<OwnColumns> ownColumns(Replica replica, String table, Optional<String> recorded)
            throws SQLException {
        Optional<OwnColumns> record = OwnColumns.parse(recorded);
        // In their order: describe keeps them by name.
        List<String> columns = names(replica, table, false);
        int rowKey = indexOfIgnoringCase(columns, SqliteSql.ROW_KEY);
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

    private static int indexOfIgnoringCase(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The table's columns in their order: the generated ones ({@code AS (...)}, which {@code table_info}
     * leaves out), or the others, as {@code table_info} lists them.
     */
    private static List<String> names(Replica replica, String table, boolean generated) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = replica.connection().prepareStatement("SELECT name FROM pragma_table_xinfo(?)"
                + " WHERE hidden " + (generated ? "IN (2, 3)" : "= 0") + " ORDER BY cid")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /**
     * Refuses to write into a column the source stores that replicate did not make ({@code own} does not hold
     * it): one the user added by hand, whose name the source has added since. Written into, the rows read
     * again would get the source's values and the others keep the user's, the column a silent mix of both
     * that neither the user nor verify could tell apart; a table without a key would store its rows read
     * again a second time. Checked before any DDL, so the table stays as it was. Where {@code own} cannot be
     * told (a file an earlier release wrote, before its first run of this one), every column is taken as
     * replicate's.
     */
    static void refuseTakingOver(Replica replica, String table, List<SourceColumn> sourceColumns,
                                 TargetTable.Existing existing, Optional<OwnColumns> own) throws SchemaConflictException {
        if (own.isEmpty()) {
            return;
        }
        List<String> byHand = sourceColumns.stream().map(column -> column.name().toLowerCase(Locale.ROOT))
                .filter(lower -> existing.names().containsKey(lower) && !own.get().holds(lower))
                .map(existing.names()::get).toList();
        if (byHand.isEmpty()) {
            return;
        }
        String renames = String.join("; ", byHand.stream().map(column -> "ALTER TABLE " + SqliteSql.quote(table)
                + " RENAME COLUMN " + SqliteSql.quote(column) + " TO " + SqliteSql.quote(freeName(existing, column)))
                .toList());
        String drops = String.join("; ", byHand.stream().map(column -> "ALTER TABLE " + SqliteSql.quote(table)
                + " DROP COLUMN " + SqliteSql.quote(column)).toList());
        boolean one = byHand.size() == 1;
        throw new SchemaConflictException("the column" + (one ? " " : "s ") + String.join(", ", byHand)
                + " added by hand to " + table + (one ? " is now a column" : " are now columns") + " of the source"
                + " too: replicate does not write the source's values over yours (the rows read again would get the"
                + " source's, the others keep yours), so the table stops here, its rows as they are. Rename "
                + (one ? "it" : "them") + " (" + ByHand.sqlite3(replica.path(), renames) + "), and the next run adds"
                + " the source's beside " + (one ? "it" : "them") + ", filled for the rows read from then on; or drop "
                + (one ? "it" : "them") + " with " + (one ? "its" : "their") + " values (" + ByHand.sqlite3(replica.path(),
                drops) + "); or run `replicate reset " + table + "`, which syncs the table again from the start without "
                + (one ? "it" : "them"));
    }

    /** A name for the user's {@code column} that the table does not have: {@code column_by_hand}, numbered if taken. */
    private static String freeName(TargetTable.Existing existing, String column) {
        String name = column + "_by_hand";
        for (int n = 2; existing.names().containsKey(name.toLowerCase(Locale.ROOT)); n++) {
            name = column + "_by_hand" + n;
        }
        return name;
    }
}
