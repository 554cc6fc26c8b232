package dev.replicate.sqlite;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What holds a name in a SQLite file, where tables, views and indexes share one set of names: its type
 * ({@code table}, {@code view}, {@code index}), its name as spelt there, and the table it is on (for a
 * table or a view, its own name). Triggers keep their names apart and are never one.
 */
record NameHolder(String type, String name, String on) {
    /** The object as a message names it: "a view", "an index". */
    String described() {
        return (type.equals("index") ? "an " : "a ") + type;
    }

    /** The statement that drops it. */
    String dropStatement() {
        return "DROP " + type.toUpperCase(Locale.ROOT) + " " + SqliteSql.quote(name);
    }

    /**
     * The object of one of {@code types} named {@code name} (names ignore case in SQLite, ASCII letters only),
     * other than an index on {@code exceptIndexesOn} when given, if any: the first sqlite_master has.
     */
    static Optional<NameHolder> find(Replica replica, String name, List<String> types, Optional<String> exceptIndexesOn)
            throws SQLException {
        String sql = "SELECT type, name, tbl_name FROM sqlite_master WHERE name = ? COLLATE NOCASE AND type IN ("
                + String.join(", ", types.stream().map(type -> "?").toList()) + ")"
                + (exceptIndexesOn.isPresent() ? " AND NOT (type = 'index' AND tbl_name = ? COLLATE NOCASE)" : "");
        return replica.query(sql, statement -> {
            int at = 1;
            statement.setString(at++, name);
            for (String type : types) {
                statement.setString(at++, type);
            }
            if (exceptIndexesOn.isPresent()) {
                statement.setString(at, exceptIndexesOn.get());
            }
        }, rs -> rs.next() ? Optional.of(new NameHolder(rs.getString(1), rs.getString(2), rs.getString(3)))
                : Optional.empty());
    }
}
