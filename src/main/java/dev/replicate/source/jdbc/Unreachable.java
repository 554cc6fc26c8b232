package dev.replicate.source.jdbc;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * A server that could not be reached at all: its host name does not resolve, nothing listens on its port,
 * or the network has no route to it. The drivers' own words hide which ("The connection attempt failed.",
 * "Communications link failure ... The driver has not received any packets from the server."): the
 * reason is only in their causes, which a user sees with -vv alone, so it is put first.
 */
final class Unreachable {
    private Unreachable() {
    }

    /** {@code failure} explained if the server could not be reached, else {@code failure} itself. */
    static SQLException explained(SQLException failure) {
        String reason = reason(failure);
        if (reason == null) {
            return failure;
        }
        return new SQLException(reason + ": " + failure.getMessage(), failure.getSQLState(), failure.getErrorCode(),
                failure);
    }

    private static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException unknown) {
                return "the host name " + hostName(unknown) + " does not resolve to an address (a misspelt host, or"
                        + " DNS cannot be reached)";
            }
            if (cause instanceof NoRouteToHostException) {
                return "the network has no route to the host (it is down, or a firewall rejects the connection)";
            }
            if (cause instanceof ConnectException connect && String.valueOf(connect.getMessage()).contains("refused")) {
                return "the connection was refused: nothing listens on that host and port (a wrong port, or the"
                        + " server is not running)";
            }
        }
        return null;
    }

    /** The JDK names the host alone, or the host and the resolver's words ("db.example: Name or service not known"). */
    private static String hostName(UnknownHostException unknown) {
        String message = String.valueOf(unknown.getMessage());
        int colon = message.indexOf(": ");
        return colon > 0 ? message.substring(0, colon) : message;
    }
}
