package org.sqlite.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens a SQLite file for a floor as replicate opens its replica (Replica#connect): through sqlite-jdbc's
 * driver itself, not DriverManager, whose first use loads and starts every JDBC driver on the class path
 * (pgjdbc's, Connector/J's and its cleanup thread, on the floors' class path), a start-up cost replicate
 * does not pay and a floor must not either.
 */
final class ReplicaFile {
    private ReplicaFile() {
    }

    static Connection open(String path) throws SQLException {
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + path, new Properties());
    }
}
