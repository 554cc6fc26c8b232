package dev.replicate.source.postgres;

import dev.replicate.source.UnreadableWatermarks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The unreadable-watermark counts of many tables in one round trip
 * ({@link dev.replicate.source.Source#countUnreadableWatermarks(List)}): pgjdbc sends the statements of
 * one string together, with one Sync, and the server answers them in turn, all in one implicit
 * transaction. Added for speed (issue #17): a run of 500 small tables spent 0.5-0.85 s on their counts
 * one by one, about 0.1 s together, on a busy machine. (A UNION of the counts planned slower than the
 * counts one by one, so they stay separate statements.)
 *
 * <p>A table locked at the source (an ALTER TABLE, a LOCK TABLE or a VACUUM FULL of someone else's)
 * must not hold up the tables counted with it, which would otherwise have run first, one by one: the
 * counts run under a lock_timeout of {@link #LOCK_WAIT}, and one that would wait longer fails them all.
 * Each table is then counted alone on its pass, and a locked one waits there for the session's own
 * lock_timeout (the source's lockTimeoutSeconds), failing that table only. The short lock_timeout is
 * the batch's transaction's alone (set_config's is_local): it ends with the batch, committed or
 * failed, and the session's own applies again, whatever set it.
 */
final class PostgresBatchCounts {
    /** How long a count waits for a table's lock before the batch gives up (each table is then counted alone). */
    static final String LOCK_WAIT = "200ms";

    private PostgresBatchCounts() {
    }

    /** Runs {@code queries} (each one row: NULLs, values not finite) together; throws when any fails. */
    static List<UnreadableWatermarks> count(Connection connection, List<String> queries) throws SQLException {
        List<UnreadableWatermarks> answers = new ArrayList<>();
        String sql = "SELECT set_config('lock_timeout', '" + LOCK_WAIT + "', true);\n" + String.join(";\n", queries);
        try (Statement statement = connection.createStatement()) {
            boolean result = statement.execute(sql);
            // set_config's row, then each count's.
            result = statement.getMoreResults();
            for (int i = 0; i < queries.size(); i++) {
                if (!result) {
                    throw new SQLException("statement " + (i + 1) + " of " + queries.size() + " counted nothing");
                }
                try (ResultSet rs = statement.getResultSet()) {
                    rs.next();
                    answers.add(new UnreadableWatermarks(rs.getLong(1), rs.getLong(2)));
                }
                result = statement.getMoreResults();
            }
        }
        return answers;
    }
}
