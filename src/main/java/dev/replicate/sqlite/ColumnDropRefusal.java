package dev.replicate.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why SQLite refused to drop a column excluded now, and the way on that fits what uses it. SQLite names
 * the object it could not keep after the drop ({@code error in view v after drop column: ...}), and the
 * ways differ: a view keeps naming the column after a {@code replicate reset} too (a view is not dropped
 * with its table, and then fails on every query), and a reset refuses a table with indexes or triggers of
 * the user's, so only dropping or changing them helps; a generated column of the user's goes with its own
 * {@code DROP COLUMN}, or with a reset, which drops columns made by hand.
 */
final class ColumnDropRefusal {
    private static final Pattern OBJECT = Pattern.compile("error in (view|trigger|index|table) (.+?) after drop column");

    private ColumnDropRefusal() {
    }

    static String message(Replica replica, String table, String column, SQLException e) throws SQLException {
        String refused = "the column " + column + " is excluded now, but SQLite cannot drop it from " + table + " ("
                + e.getMessage() + "): ";
        Matcher matcher = OBJECT.matcher(String.valueOf(e.getMessage()));
        if (matcher.find()) {
            String type = matcher.group(1);
            String name = matcher.group(2);
            if (!type.equals("table")) {
                return refused + "the " + type + " " + name + ", not replicate's, uses it. Drop it, or make it again"
                        + " without the column (" + ByHand.sqlite3(replica.path(), ".schema " + SqliteSql.quote(name))
                        + " shows its SQL; " + ByHand.sqlite3(replica.path(), "DROP " + type.toUpperCase(java.util.Locale.ROOT)
                        + " " + SqliteSql.quote(name)) + " drops it), and the next run drops the column";
            }
            List<String> generated = generatedColumns(replica, table);
            if (!generated.isEmpty()) {
                boolean one = generated.size() == 1;
                String drops = String.join("; ", generated.stream().map(g -> "ALTER TABLE " + SqliteSql.quote(table)
                        + " DROP COLUMN " + SqliteSql.quote(g)).toList());
                return refused + "the generated column" + (one ? " " : "s ") + String.join(", ", generated) + " of "
                        + table + ", not replicate's, " + (one ? "is" : "are") + " computed from it. Drop "
                        + (one ? "it" : "them") + " (" + ByHand.sqlite3(replica.path(), drops) + "), and the next run"
                        + " drops the column; or run `replicate reset " + table + "`, which syncs the table again from"
                        + " the start without either";
            }
        }
        return refused + "drop the index, view or trigger that uses it, or run `replicate reset " + table + "`";
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
