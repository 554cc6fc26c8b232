package dev.replicate.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The views and triggers in the file, checked around a full table's swap ({@link ShadowTable#swap}).
 * The swap renames with {@code legacy_alter_table} on, which keeps views and triggers as text and
 * checks none of them, and a view or trigger body naming a column the new table no longer has (one
 * excluded now) would only fail when next used, long after the run said it was fine. An incremental
 * table's {@code ALTER TABLE ... DROP COLUMN} is refused by SQLite in the same case; the swap is
 * refused as well.
 *
 * <p>SQLite resolves a view's or a trigger body's names when a statement that uses it is prepared,
 * so that is the check: {@code SELECT * FROM view LIMIT 0} for a view, and for the triggers on a table
 * an INSERT, an UPDATE of every column and a DELETE of no row (each compiles the triggers of its
 * event). Nothing is run. Only what compiled before the swap and does not after counts: a view the
 * user left broken elsewhere in the file is none of the swap's business.
 */
final class DependentObjects {
    private static final List<String> EVENTS = List.of("insert", "update", "delete");

    /** What compiled: views by name, and the (table, event) probes of tables with triggers. */
    private final Set<String> compiled;

    private DependentObjects(Set<String> compiled) {
        this.compiled = compiled;
    }

    /** What compiles now. */
    static DependentObjects compiling(Replica replica) throws SQLException {
        Set<String> compiled = new LinkedHashSet<>();
        for (String view : names(replica, "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY rowid")) {
            if (failure(replica, viewProbe(view)).isEmpty()) {
                compiled.add("view " + fold(view));
            }
        }
        for (String table : triggersByTable(replica).keySet()) {
            for (String event : EVENTS) {
                if (failure(replica, triggerProbe(replica, table, event)).isEmpty()) {
                    compiled.add(event + " " + fold(table));
                }
            }
        }
        return new DependentObjects(compiled);
    }

    /**
     * The first view, or the triggers of the first table, that compiled in {@code before} and do not now:
     * a sentence naming it, what SQLite says, and the statement that drops it.
     */
    Optional<String> firstBroken(Replica replica, String target) throws SQLException {
        for (String view : names(replica, "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY rowid")) {
            if (compiled.contains("view " + fold(view))) {
                Optional<String> failure = failure(replica, viewProbe(view));
                if (failure.isPresent()) {
                    return Optional.of("the view " + view + ", made by hand, no longer works with the new rows of "
                            + target + " (" + failure.get() + "), and replicate does not drop what it did not make:"
                            + " the old rows stay. Change the view or drop it, then run again: "
                            + ByHand.sqlite3(replica.path(), "DROP VIEW " + SqliteSql.quote(view)));
                }
            }
        }
        for (Map.Entry<String, List<String>> table : triggersByTable(replica).entrySet()) {
            for (String event : EVENTS) {
                if (compiled.contains(event + " " + fold(table.getKey()))) {
                    Optional<String> failure = failure(replica, triggerProbe(replica, table.getKey(), event));
                    if (failure.isPresent()) {
                        List<String> triggers = table.getValue();
                        return Optional.of("the trigger" + (triggers.size() == 1 ? " " : "s ")
                                + String.join(", ", triggers) + " on " + table.getKey() + ", made by hand, no longer"
                                + " work" + (triggers.size() == 1 ? "s" : "") + " with the new rows of " + target
                                + " (an " + event.toUpperCase(Locale.ROOT) + " on " + table.getKey() + " fails: "
                                + failure.get() + "), and replicate does not drop what it did not make: the old rows"
                                + " stay. Change the trigger or drop it, then run again: "
                                + ByHand.sqlite3(replica.path(), triggers.stream()
                                .map(t -> "DROP TRIGGER " + SqliteSql.quote(t) + ";").collect(Collectors.joining(" "))));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String viewProbe(String view) {
        return "SELECT * FROM " + SqliteSql.quote(view) + " LIMIT 0";
    }

    /** A statement of {@code event} on {@code table} that changes no row and compiles its triggers; null if it has no column to name. */
    private static String triggerProbe(Replica replica, String table, String event) throws SQLException {
        List<String> columns = new ArrayList<>();
        // hidden 0: an ordinary column (generated columns cannot be written).
        try (PreparedStatement statement = replica.connection().prepareStatement(
                "SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(SqliteSql.quote(rs.getString(1)));
                }
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        String quoted = SqliteSql.quote(table);
        String list = String.join(", ", columns);
        return switch (event) {
            case "insert" -> "INSERT INTO " + quoted + " (" + list + ") SELECT " + list + " FROM " + quoted + " WHERE 0";
            case "update" -> "UPDATE " + quoted + " SET " + columns.stream().map(c -> c + " = " + c)
                    .collect(Collectors.joining(", ")) + " WHERE 0";
            default -> "DELETE FROM " + quoted + " WHERE 0";
        };
    }

    /** What SQLite says preparing {@code sql} (nothing is run), or empty when it compiles. */
    private static Optional<String> failure(Replica replica, String sql) {
        if (sql == null) {
            return Optional.of("the table has no column");
        }
        try (PreparedStatement ignored = replica.connection().prepareStatement(sql)) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The triggers of each table (or view), in the order they were made. */
    private static Map<String, List<String>> triggersByTable(Replica replica) throws SQLException {
        Map<String, List<String>> byTable = new LinkedHashMap<>();
        try (Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"
                     + " ORDER BY rowid")) {
            while (rs.next()) {
                byTable.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return byTable;
    }

    private static List<String> names(Replica replica, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = replica.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String fold(String name) {
        return SqliteSql.foldCase(name);
    }
}
