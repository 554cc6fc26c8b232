package dev.replicate.source.jdbc;

import java.net.SocketTimeoutException;
import java.sql.SQLException;

/**
 * A server that accepted the connection and then said nothing until the driver's login bound ran out
 * (frozen before it greets, a proxy or firewall that holds the connection): the driver's own words ("The
 * connection attempt failed.", "Communications link failure ...") do not tell that the server was reached.
 * Both built-in drivers wrap the JDK's {@link SocketTimeoutException} of their socket timeout; one thrown
 * by {@link java.net.Socket#connect} is the connect's own timeout instead (nothing accepted the connection),
 * which keeps the driver's words. A port that is another service's, one that waits for more from its client
 * than the driver sends first, is silent alike; which service that is depends on the driver (PostgreSQL's, to a
 * MySQL driver, which waits for the server's greeting), so each connector gives its own example.
 */
final class LoginSilence {
    private LoginSilence() {
    }

    /**
     * {@code failure} explained if it is a silence at the login, else {@code failure} itself; {@code login}'s
     * example names a port that is silent to this driver.
     */
    static SQLException explained(SQLException failure, LoginBound login) {
        if (!silentAtLogin(failure)) {
            return failure;
        }
        return new SQLException("the server accepted the connection but did not answer the login within "
                + login.seconds() + " s, as when the server is frozen, something between holds the connection, or the"
                + " port is another service's that waits for more from its client (" + login.silentPort() + "): "
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
