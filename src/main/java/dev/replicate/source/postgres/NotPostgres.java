package dev.replicate.source.postgres;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;

/**
 * A login that failed on PostgreSQL's protocol itself (protocol_violation, 08P01) in pgjdbc's own reading: the
 * server at that host and port answered, but not as PostgreSQL does. Most often the port is another service's,
 * MySQL's 3306 pasted into a PostgreSQL source, whose greeting pgjdbc takes for a refused TLS negotiation ("An
 * error occurred while setting up the SSL connection.", which sent users after TLS) or, without TLS, for
 * "Protocol error.  Session setup failed.". Only pgjdbc's own 08P01, which carries no message of the server's:
 * PgBouncer sends 08P01 in an ErrorResponse for every failure of its own (a wrong password, an unknown
 * database, a full pool, a server it cannot reach), and those words are the server's answer, kept as they are.
 */
final class NotPostgres {
    private static final String PROTOCOL_VIOLATION = "08P01";

    private NotPostgres() {
    }

    /** {@code failure} explained if the login broke PostgreSQL's protocol, else {@code failure} itself. */
    static SQLException explained(SQLException failure) {
        if (!PROTOCOL_VIOLATION.equals(failure.getSQLState()) || sentByServer(failure)) {
            return failure;
        }
        return new SQLException("the server at that host and port does not answer as PostgreSQL does (is the port"
                + " another service's, such as MySQL's or MariaDB's 3306, or a proxy's that is not PostgreSQL's?): "
                + failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
    }

    /** Whether a message the server sent (an ErrorResponse) is behind {@code failure}, rather than pgjdbc's reading. */
    private static boolean sentByServer(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return true;
            }
        }
        return false;
    }
}
