package dev.replicate.source.jdbc;

import java.net.SocketTimeoutException;
import java.sql.SQLException;

/**
 * A server that accepted the connection and then said nothing until the driver's login bound ran out
 * (frozen before it greets, a proxy or firewall that holds the connection): the driver's own words ("The
 * connection attempt failed.", "Communications link failure ...") do not tell that the server was reached.
 * Both built-in drivers wrap the JDK's {@link SocketTimeoutException} of their socket timeout; one thrown
 * by {@link java.net.Socket#connect} is the connect's own timeout instead (nothing accepted the connection),
 * which keeps the driver's words. A port that is another service's, one that waits for its client to speak
 * first, is silent alike: PostgreSQL's, to a MySQL driver, which waits for the server's greeting.
 */
final class LoginSilence {
    private LoginSilence() {
    }

    /** {@code failure} explained if it is a silence at the login, else {@code failure} itself. */
    static SQLException explained(SQLException failure, int loginTimeoutSeconds) {
        if (!silentAtLogin(failure)) {
            return failure;
        }
        return new SQLException("the server accepted the connection but did not answer the login within "
                + loginTimeoutSeconds + " s, as when the server is frozen, something between holds the connection, or the port is"
                + " another service's that waits for the client to speak first (PostgreSQL's 5432 given to a MySQL"
                + " source): "
                + failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
    }

    static boolean silentAtLogin(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException timeout) {
                return !thrownByConnect(timeout);
            }
        }
        return false;
    }

    private static boolean thrownByConnect(SocketTimeoutException timeout) {
        for (StackTraceElement frame : timeout.getStackTrace()) {
            if (frame.getClassName().equals("java.net.Socket") && frame.getMethodName().equals("connect")) {
                return true;
            }
        }
        return false;
    }
}
