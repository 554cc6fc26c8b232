package dev.replicate.source.postgres;

import java.sql.SQLException;

/**
 * A login that failed on PostgreSQL's protocol itself (protocol_violation, 08P01): the server at that host and
 * port answered, but not as PostgreSQL does. Most often the port is another service's, MySQL's 3306 pasted into
 * a PostgreSQL source, whose greeting pgjdbc takes for a refused TLS negotiation ("An error occurred while
 * setting up the SSL connection.", which sent users after TLS) or, without TLS, for "Protocol error.  Session
 * setup failed.".
 */
final class NotPostgres {
    private static final String PROTOCOL_VIOLATION = "08P01";

    private NotPostgres() {
    }

    /** {@code failure} explained if the login broke PostgreSQL's protocol, else {@code failure} itself. */
    static SQLException explained(SQLException failure) {
        if (!PROTOCOL_VIOLATION.equals(failure.getSQLState())) {
            return failure;
        }
        return new SQLException("the server at that host and port does not answer as PostgreSQL does (is the port"
                + " another service's, such as MySQL's or MariaDB's 3306, or a proxy's that is not PostgreSQL's?): "
                + failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
    }
}
