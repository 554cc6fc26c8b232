package dev.replicate.source.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** How a built-in source connects: its own driver, its session settings, and no connection left behind. */
public final class JdbcConnections {
    private JdbcConnections() {
    }

    /** Makes the source of a connection whose session is set up. */
    @FunctionalInterface
    public interface SourceStart<S> {
        S start(Connection connection) throws SQLException;
    }

    /**
     * Connects through the given driver rather than DriverManager, so that a plugged-in jar cannot
     * shadow it; runs the session's setup statements, then {@code start}. If a step after connecting
     * fails, the connection is closed (nobody else holds it yet: left open, it would keep a server
     * session until the JVM exits) and the step's failure is thrown, a failure to close kept with it
     * as suppressed, so that the reason is never replaced.
     *
     * @param refused the message when the driver does not take the URL
     * @param login the bound the driver's own timeouts in {@code properties} put on the login, which a server
     *              that accepts the connection and says nothing runs into ({@link LoginSilence}), with the
     *              driver's example of a port that is silent to it
     * @param readTimeoutSeconds how long each wait for the server may last once connected (0: forever); the
     *                           connect and the login are bounded by the driver's own timeouts in {@code properties}
     */
    public static <S> S open(Driver driver, String url, Properties properties, String refused, String sessionSetup,
                             LoginBound login, int readTimeoutSeconds, SourceStart<S> start) throws SQLException {
        return open(driver, url, properties, refused, connection -> sessionSetup, login,
                readTimeoutSeconds, start);
    }

    /**
     * As {@link #open(Driver, String, Properties, String, String, LoginBound, int, SourceStart)}, for connectors
     * written before {@link LoginBound}: the login bound in seconds, with no example of a port of the driver's.
     */
    public static <S> S open(Driver driver, String url, Properties properties, String refused, String sessionSetup,
                             int loginTimeoutSeconds, int readTimeoutSeconds, SourceStart<S> start) throws SQLException {
        return open(driver, url, properties, refused, sessionSetup, loginBound(loginTimeoutSeconds),
                readTimeoutSeconds, start);
    }

    /**
     * As {@link #open(Driver, String, Properties, String, SessionSetup, LoginBound, int, SourceStart)}, for
     * connectors written before {@link LoginBound}.
     */
    public static <S> S open(Driver driver, String url, Properties properties, String refused, SessionSetup sessionSetup,
                             int loginTimeoutSeconds, int readTimeoutSeconds, SourceStart<S> start) throws SQLException {
        return open(driver, url, properties, refused, sessionSetup, loginBound(loginTimeoutSeconds),
                readTimeoutSeconds, start);
    }

    private static LoginBound loginBound(int seconds) {
        return new LoginBound(seconds, "another database's port given to this source");
    }

    /** The statement that sets a session up, which may depend on the server the connection reached. */
    @FunctionalInterface
    public interface SessionSetup {
        String statement(Connection connection) throws SQLException;

        /**
         * Sets the session up through {@code statement}: runs {@link #statement}. A database whose setup names
         * what not every server has may ask the server and run another statement when the first is refused.
         */
        default void run(Connection connection, Statement statement) throws SQLException {
            statement.execute(statement(connection));
        }
    }

    /**
     * As {@link #open(Driver, String, Properties, String, String, LoginBound, int, SourceStart)}, the setup statement
     * made for the connection.
     */
    public static <S> S open(Driver driver, String url, Properties properties, String refused, SessionSetup sessionSetup,
                             LoginBound login, int readTimeoutSeconds, SourceStart<S> start) throws SQLException {
        Connection connection;
        try {
            connection = driver.connect(url, properties);
        } catch (SQLException e) {
            throw Unreachable.explained(LoginSilence.explained(e, login));
        }
        if (connection == null) {
            throw new IllegalArgumentException(refused);
        }
        try {
            // The driver's own socket timeout (in the properties) bounds the login, as its connect timeout
            // bounds the connect: a server that accepts and then says nothing fails the connect in seconds.
            // From here on, the source's readTimeoutSeconds bounds each wait for the server (0: none).
            // Synchronously: Connector/J applies it through the executor it is given.
            connection.setNetworkTimeout(Runnable::run, Math.multiplyExact(readTimeoutSeconds, 1000));
            try (Statement statement = connection.createStatement()) {
                sessionSetup.run(connection, statement);
            }
            return start.start(connection);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Ends the implicit transaction a read opened when the connection is not in autocommit. Nothing on a
     * connection the driver closed after a failure (a server cut, a read timeout): it has no transaction
     * left to end, and, called in a finally, its "connection has been closed" would replace the failure's
     * own reason.
     */
    public static void endTransaction(Connection connection) throws SQLException {
        if (!connection.isClosed() && !connection.getAutoCommit()) {
            connection.rollback();
        }
    }
}
