package dev.replicate.sync;

import dev.replicate.source.DigestRequest;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.SqliteSql;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Replica keys with a value of a kind no source key has, typed into the SQLite file by hand: a text or
 * a REAL in an integer column of a composite key (a one-column integer key is SQLite's rowid, which
 * refuses them). No source row can equal such a key, so it is compared as a row the source does not
 * have (extra, or kept by choice), and a repair deletes it by its stored value. But it cannot be bound
 * as a value of the source's type, so none may cut the table into ranges: the ranges are cut at the
 * other keys, and each side still puts every key in the same range (SQLite orders the stray value
 * among the others as it stores it; the source never sees it). A blob, or a text that is not UTF-8,
 * in a text column is another such value, held as its bytes ({@link StoredBytes}).
 */
final class StrayKeys {
    private StrayKeys() {
    }

    /**
     * Whether each value is of its key column's kind (a Long for an integer column, a String for a text one
     * or a date or time cut at its stored text).
     */
    static boolean sourceTyped(List<Object> key, DigestRequest request) {
        for (int k = 0; k < key.size(); k++) {
            Object value = key.get(k);
            if (!(request.textValued(request.key().get(k)) ? value instanceof String : value instanceof Long)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Which keys may be range bounds: those that are {@link #sourceTyped} and that the source takes as
     * bounds ({@code sourceBounds}, see Source#rangeBounds: not a uuid key's text that is not the canonical one).
     */
    static Predicate<List<Object>> bound(DigestRequest request, Predicate<List<Object>> sourceBounds) {
        return key -> sourceTyped(key, request) && sourceBounds.test(key);
    }

    /** Whether the key has a value held as its bytes, which only {@link #delete} finds. */
    static boolean heldAsBytes(List<Object> key) {
        return key.stream().anyMatch(StoredBytes.class::isInstance);
    }

    /**
     * Deletes the row of a key {@link #heldAsBytes}, by its stored values, in the caller's transaction
     * (the page path binds a text as a Java String, which a text that is not UTF-8 never equals).
     *
     * @return 1 if the replica held the row, else 0
     */
    static int delete(Replica replica, String table, List<String> keyColumns, List<Object> key) throws SQLException {
        List<String> conditions = new ArrayList<>();
        for (int k = 0; k < key.size(); k++) {
            String column = SqliteSql.quote(keyColumns.get(k));
            conditions.add(key.get(k) instanceof StoredBytes stored ? stored.condition(column) : column + " = ?");
        }
        try (PreparedStatement statement = replica.connection().prepareStatement("DELETE FROM "
                + SqliteSql.quote(table) + " WHERE " + String.join(" AND ", conditions))) {
            for (int k = 0; k < key.size(); k++) {
                Object value = key.get(k);
                statement.setObject(k + 1, value instanceof StoredBytes stored ? stored.bytes() : value);
            }
            return statement.executeUpdate();
        }
    }
}
