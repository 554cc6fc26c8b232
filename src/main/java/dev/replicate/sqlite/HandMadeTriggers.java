package dev.replicate.sqlite;

import dev.replicate.log.Counted;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Why SQLite refused a table's writes, when the user's own triggers on the table may be the cause. A
 * trigger runs inside the statement that fires it, so one whose body no longer works (the application
 * dropped the table its audit trigger writes to, renamed a column it names) or that RAISEs fails
 * replicate's page with SQLite's words alone, such as {@code no such table: main.audit}, which name
 * neither the trigger nor the table it is on. SQLite does not say which trigger failed, so every trigger of
 * the user's on the table is named, with the command that drops them. A run's table failure and a repair's
 * both say it.
 */
public final class HandMadeTriggers {
    private HandMadeTriggers() {
    }

    /**
     * The explanation to add to {@code failure}'s words, if it is SQLite's refusal of a statement (not the
     * file's trouble, not a lock) and the user made triggers on {@code table}; empty otherwise, or when the
     * file cannot say (the error stands as it is then).
     */
    public static Optional<String> explaining(Replica replica, String table, Throwable failure) {
        Optional<SQLiteException> sqlite = refusal(failure);
        if (sqlite.isEmpty()) {
            return Optional.empty();
        }
        List<HandMadeObjects.Made> triggers;
        try {
            triggers = HandMadeObjects.on(replica, table).stream().filter(made -> made.type().equals("trigger")).toList();
        } catch (SQLException e) {
            return Optional.empty();
        } finally {
            // The look is a read: ended, so that the outcome's write next does not begin from a stale snapshot.
            replica.rollbackQuietly();
        }
        if (triggers.isEmpty()) {
            return Optional.empty();
        }
        boolean raised = sqlite.get().getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_TRIGGER;
        int count = triggers.size();
        String names = String.join(", ", triggers.stream().map(HandMadeObjects.Made::name).toList());
        String drops = String.join("; ", triggers.stream().map(HandMadeObjects.Made::dropStatement).toList());
        return Optional.of("the " + Counted.noun(count, "trigger") + " " + names + ", made by hand on " + table + ", "
                + Counted.agreeing(count, "runs", "run") + " inside replicate's writes to it, and "
                + (raised ? Counted.agreeing(count, "it", "one of them") + " refused the row (RAISE)"
                        : "the error may be " + Counted.agreeing(count, "its", "one of theirs"))
                + "; nothing of this page was written. Mend " + Counted.agreeing(count, "it", "them") + " ("
                + ByHand.sqlite3(replica.path(), ".schema " + SqliteSql.quote(table)) + " shows "
                + Counted.agreeing(count, "its", "their") + " SQL), or drop " + Counted.agreeing(count, "it", "them")
                + " (" + ByHand.sqlite3(replica.path(), drops) + ")");
    }

    /** The SQLite error among {@code failure} and its causes that refused a statement, if any. */
    private static Optional<SQLiteException> refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                return Replica.isLockRefused(sqlite) || Replica.isFileLevel(sqlite) ? Optional.empty() : Optional.of(sqlite);
            }
        }
        return Optional.empty();
    }
}
