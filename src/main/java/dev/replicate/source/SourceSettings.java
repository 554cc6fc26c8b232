package dev.replicate.source;

import java.util.Map;
import java.util.Optional;

/**
 * How to reach a source, exactly as configured (after {@code ${VAR}} substitution).
 *
 * @param conn        a URL: {@code postgres://}, {@code mysql://}, {@code jdbc:...} or whatever a
 *                    plugged-in connector understands
 * @param user        a user given apart from the URL
 * @param password    a password given apart from the URL
 * @param properties  extra driver properties
 * @param lockTimeoutSeconds how long a statement may wait for a lock at the source (a table another
 *                    session has locked: a migration's ALTER TABLE, a LOCK TABLE) before it fails, and
 *                    with it that table only; 0 leaves the server's own setting. A connector applies
 *                    it to its session if its database can.
 */
public record SourceSettings(
        String conn,
        Optional<String> user,
        Optional<String> password,
        Map<String, String> properties,
        int lockTimeoutSeconds) {

    /**
     * Half the minute between cron's runs: a locked table fails, and the tables after it still sync
     * within the minute (and the next run does not find the replica's lock held).
     */
    public static final int DEFAULT_LOCK_TIMEOUT_SECONDS = 30;

    /** With the default lock timeout. */
    public SourceSettings(String conn, Optional<String> user, Optional<String> password, Map<String, String> properties) {
        this(conn, user, password, properties, DEFAULT_LOCK_TIMEOUT_SECONDS);
    }
}
