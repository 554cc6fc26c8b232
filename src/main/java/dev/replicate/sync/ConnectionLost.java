package dev.replicate.sync;

import dev.replicate.config.SourceConfig;
import dev.replicate.source.Source;
import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;

/**
 * The error of a table whose connection to the source broke while it was being read: the server closed it
 * (a restart, a terminated session, a failover) or the network did. The drivers' words ("Database connection
 * failed when reading from copy", "Error retrieving record: Unexpected Exception: java.io.EOFException ...")
 * say neither that the connection was lost nor what comes of it.
 */
final class ConnectionLost {
    private ConnectionLost() {
    }

    /**
     * Whether {@code failure} broke the connection: the source says the connection is no longer usable, or
     * the failure is SQL's connection exception (SQLSTATE class 08) or the end of the server's stream.
     */
    static boolean of(Source source, Exception failure) {
        if (!source.usable()) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")
                    || cause instanceof EOFException || cause instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    /** {@code error} explained, followed by what comes of it ({@code next}). */
    static String explained(SourceConfig source, String error, String next) {
        return "lost the connection to the source " + source.name() + " while reading (the server or the network"
                + " closed it: a server restart, a terminated session, a failover); " + next + ": " + error;
    }
}
