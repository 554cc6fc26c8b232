package dev.replicate.sqlite;

import dev.replicate.log.Counted;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why SQLite refused to drop a column excluded now, and the way on that fits what uses it. SQLite names
 * the object it could not keep after the drop ({@code error in view v after drop column: ...}), and the
 * ways differ: a view keeps naming the column after a {@code replicate reset} too (a view is not dropped
 * with its table, and then fails on every query), and a reset refuses a table with indexes or triggers of
 * the user's, so only dropping or changing them helps; a generated column of the user's goes with its own
 * {@code DROP COLUMN}, or with a reset, which drops columns made by hand, where the reset fits (no index or
 * trigger of the user's on the table, no view that names it). Where it cannot tell, it offers no reset.
 */
final class ColumnDropRefusal {
    private static final Pattern OBJECT = Pattern.compile("error in (view|trigger|index|table) (.+?) after drop column");

    private ColumnDropRefusal() {
    }

    /**
     * The table's failure for SQLite's refusal {@code e}. A read of the file that fails on the way leaves the
     * refusal in its own words, with the general way on, and is kept with the failure (suppressed), not in
     * the refusal's place.
     */
    static SchemaConflictException of(Replica replica, String table, String column, SQLException e) {
        List<SQLException> unread = new ArrayList<>(1);
        SchemaConflictException failure = new SchemaConflictException(message(replica, table, column, e, unread));
        unread.forEach(failure::addSuppressed);
        return failure;
    }

    private static String message(Replica replica, String table, String column, SQLException e,
                                  List<SQLException> unread) {
        String refused = "the column " + column + " is excluded now, but SQLite cannot drop it from " + table + " ("
                + e.getMessage() + "): ";
        Matcher matcher = OBJECT.matcher(String.valueOf(e.getMessage()));
        if (matcher.find()) {
            String type = matcher.group(1);
            String name = matcher.group(2);
            if (!type.equals("table")) {
                return refused + "the " + type + " " + name + ", not replicate's, uses it. Drop it, or make it again"
                        + " without the column (" + ByHand.sqlite3(replica.path(), ".schema " + SqliteSql.quote(name))
                        + " shows its SQL; " + ByHand.sqlite3(replica.path(), "DROP " + type.toUpperCase(Locale.ROOT)
                        + " " + SqliteSql.quote(name)) + " drops it), and the next run drops the column";
            }
            try {
                List<String> generated = generatedColumns(replica, table);
                if (!generated.isEmpty()) {
                    return refused + generatedWay(replica, table, generated, unread);
                }
            } catch (SQLException readFailed) {
                unread.add(readFailed);
            }
        }
        // Not offered a reset: it would leave a view naming the column broken, and refuses the user's indexes and
        // triggers.
        return refused + "drop or change the index, view, trigger or generated column of yours that uses it, and the"
                + " next run drops the column";
    }

    /**
     * SQLite says the table itself, not which of its generated columns is computed from the column: with one,
     * it is that one; with more, one of them.
     */
    private static String generatedWay(Replica replica, String table, List<String> generated,
                                       List<SQLException> unread) {
        int count = generated.size();
        String first = generated.get(0);
        String way = count == 1
                ? "the generated column " + first + " of " + table + ", not replicate's, is computed from it. Drop it ("
                        + ByHand.sqlite3(replica.path(), dropColumn(table, first)) + ")"
                : "one of the " + Counted.of(count, "generated column") + " " + String.join(", ", generated) + " of "
                        + table + ", not replicate's, is computed from it (SQLite does not say which: "
                        + ByHand.sqlite3(replica.path(), ".schema " + SqliteSql.quote(table)) + " shows their SQL). Drop"
                        + " that one (" + ByHand.sqlite3(replica.path(), dropColumn(table, first)) + " drops " + first
                        + ", and so for the others)";
        way += ", and the next run drops the column";
        try {
            if (resetFits(replica, table)) {
                way += "; or run `replicate reset " + table + "`, which syncs the table again from the start without "
                        + Counted.agreeing(count, "either", "any of them");
            }
        } catch (SQLException readFailed) {
            unread.add(readFailed);
        }
        return way;
    }

    private static String dropColumn(String table, String column) {
        return "ALTER TABLE " + SqliteSql.quote(table) + " DROP COLUMN " + SqliteSql.quote(column);
    }

    /**
     * Whether {@code replicate reset} is a way on: it refuses a table with the user's indexes or triggers
     * ({@link TableReset#refusal}), and a view that names the table would name the column after the table is
     * made again without it. A view is told by its SQL naming the table anywhere, which may be more views than
     * use it: a reset is then not offered, never offered wrongly.
     */
    private static boolean resetFits(Replica replica, String table) throws SQLException {
        if (!HandMadeObjects.on(replica, table).isEmpty()) {
            return false;
        }
        return !replica.query("SELECT 1 FROM sqlite_master WHERE type = 'view' AND instr(lower(sql), lower(?)) > 0",
                statement -> statement.setString(1, table), ResultSet::next);
    }

    /** The table's generated columns (replicate makes none: each is the user's). */
    private static List<String> generatedColumns(Replica replica, String table) throws SQLException {
        // hidden: 2 for a VIRTUAL generated column, 3 for a STORED one.
        return replica.query("SELECT name FROM pragma_table_xinfo(?) WHERE hidden IN (2, 3) ORDER BY cid",
                statement -> statement.setString(1, table), ColumnDropRefusal::names);
    }

    private static List<String> names(ResultSet rs) throws SQLException {
        List<String> names = new ArrayList<>();
        while (rs.next()) {
            names.add(rs.getString(1));
        }
        return names;
    }
}
