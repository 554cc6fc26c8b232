package org.sqlite.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The incremental floors' connection to the source: replicate's driver, with replicate's fixed Connector/J
 * properties that touch the wire (MysqlConnector).
 *
 * <p>{@code args}: kind, host, port, user, database, as the floors take them.
 */
final class SourceLogin {
    private SourceLogin() {
    }

    static Connection connect(String kind, String[] args) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", args[3]);
        String hostPort = args[1] + ":" + args[2];
        if (kind.equals("postgres")) {
            return new org.postgresql.Driver().connect("jdbc:postgresql://" + hostPort + "/" + args[4], properties);
        }
        // replicate's fixed Connector/J properties that touch the wire (MysqlConnector)
        properties.setProperty("characterEncoding", "UTF-8");
        properties.setProperty("connectionTimeZone", "UTC");
        properties.setProperty("forceConnectionTimeZoneToSession", "false");
        properties.setProperty("useServerPrepStmts", "false");
        return new com.mysql.cj.jdbc.Driver().connect("jdbc:mysql://" + hostPort + "/" + args[4], properties);
    }
}
