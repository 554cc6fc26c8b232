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
 * @param readTimeoutSeconds how long a connection waits for the server to send anything, once it has
 *                    sent a statement, before it gives up on the server (a dropped network, a frozen
 *                    server) and fails the table; 0 waits forever. A connector applies it to its
 *                    driver's reads (a socket timeout) if its driver can.
 */
public record SourceSettings(
        String conn,
        Optional<String> user,
        Optional<String> password,
        Map<String, String> properties,
        int lockTimeoutSeconds,
        int readTimeoutSeconds) {

    /**
     * Half the minute between cron's runs: a locked table fails, and the tables after it still sync
     * within the minute (and the next run does not find the replica's lock held).
     */
    public static final int DEFAULT_LOCK_TIMEOUT_SECONDS = 30;

    /**
     * How long, beyond the source's lockTimeoutSeconds, a connection waits for the server by default: ten
     * minutes of silence. The longest a built-in statement keeps quiet is a read of a table without a key,
     * which the server sorts before its first row: 7 s for 10M rows on PostgreSQL 15 on the test machine
     * (1.6 s for 2M, 1.9 s on MariaDB 10.11); verify checksums 8,192 keys a statement (milliseconds; 2M
     * keys in one took 5 s on PostgreSQL, 25 s on MariaDB); verify's check of a date or time key's years
     * reads the key whole before it answers on MySQL (0.5 s for 2M rows), on PostgreSQL where the column
     * does not lead its index. Ten minutes leaves such a wait fifty times its
     * room and more, so that only a server that stopped answering is given up on; and a run held by one
     * still ends, some ten minutes on, rather than never.
     */
    public static final int DEFAULT_READ_TIMEOUT_MARGIN_SECONDS = 600;

    /** With the default lock and read timeouts. */
    public SourceSettings(String conn, Optional<String> user, Optional<String> password, Map<String, String> properties) {
        this(conn, user, password, properties, DEFAULT_LOCK_TIMEOUT_SECONDS);
    }

    /** With the default read timeout for the lock timeout. */
    public SourceSettings(String conn, Optional<String> user, Optional<String> password, Map<String, String> properties,
                          int lockTimeoutSeconds) {
        this(conn, user, password, properties, lockTimeoutSeconds, defaultReadTimeoutSeconds(lockTimeoutSeconds));
    }

    /**
     * The read timeout of a source that does not set one: a statement may wait its whole lockTimeoutSeconds
     * for a lock, in silence, and then still keep quiet for {@link #DEFAULT_READ_TIMEOUT_MARGIN_SECONDS}
     * while the server works (630 s with the default lock timeout).
     */
    public static int defaultReadTimeoutSeconds(int lockTimeoutSeconds) {
        return lockTimeoutSeconds + DEFAULT_READ_TIMEOUT_MARGIN_SECONDS;
    }
}
