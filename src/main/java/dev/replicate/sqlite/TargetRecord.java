package dev.replicate.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether replicate made a table in the replica, as far as its state says. A run fails a table whose
 * SQLite shape no longer fits the source and points at {@code replicate reset}, which drops the table;
 * a table of the same name that the user made must be neither dropped nor pointed at (hostile test:
 * {@code reset slow} dropped the user's own table {@code slow} after {@code run} had recommended it).
 */
public final class TargetRecord {
    private TargetRecord() {
    }

    /**
     * True when {@code _replicate_watermarks} holds a row for the target that shows a sync wrote it: a
     * stored position (cursor, snapshot progress, or the watermark type that every committed page
     * writes) or a success. A mere row is not enough: a run that failed on the table before writing
     * anything (its shape conflicting, say) still records its failure there.
     */
    public static boolean made(Replica replica, String target) throws SQLException {
        try (PreparedStatement statement = replica.connection().prepareStatement("""
                SELECT 1 FROM _replicate_watermarks WHERE target = ? COLLATE NOCASE
                  AND (watermark_type IS NOT NULL OR last_value IS NOT NULL OR snapshot_after IS NOT NULL
                       OR last_success_ts IS NOT NULL)""")) {
            statement.setString(1, target);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The two ways on for a table replicate has no record of making; the last words are a command to paste. */
    static String waysOut(Replica replica, String target) {
        return "If it is yours, give this table another \"target\" in the configuration; if it is replicate's own"
                + " (its record was lost, say _replicate_watermarks was dropped), drop it by hand, and the next run"
                + " makes it again from the source: " + ByHand.sqlite3(replica.path(), "DROP TABLE " + SqliteSql.quote(target));
    }

    /** A run's message for a table of that name whose shape conflicts with the source. */
    public static String notMadeConflict(Replica replica, String target, String conflict) {
        return "a table named " + target + " already exists in " + replica.path()
                + ", and replicate has no record of making it: " + conflict + ". " + waysOut(replica, target);
    }
}
